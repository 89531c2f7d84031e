namespace VoiceTraining.Application.Common.Interfaces;

/// <summary>A new API key: the full key (shown once) and what is stored.</summary>
public sealed record GeneratedApiKey(string Key, string Prefix, string Hash);

/// <summary>Makes API keys and hashes presented ones the same way.</summary>
public interface IApiKeyGenerator
{
    GeneratedApiKey Generate();
    string Hash(string key);
}

/// <summary>Who an API key acts for: its organization, the admin who created it, and its scopes.</summary>
public sealed record ApiKeyIdentity(Guid KeyId, Guid OrgId, Guid CreatedById, IReadOnlyList<string> Scopes);

/// <summary>Checks a presented API key against the stored ones.</summary>
public interface IApiKeyAuthenticator
{
    /// <summary>Null when the key is unknown or revoked.</summary>
    Task<ApiKeyIdentity?> AuthenticateAsync(string key, CancellationToken cancellationToken);
}

/// <summary>The shape of the product's API keys: "vtk_" + 8 public characters + "_" + the secret.</summary>
public static class ApiKeyFormat
{
    public const string Prefix = "vtk_";

    /// <summary>Whether a bearer credential is one of our API keys rather than a JWT (nothing is verified).</summary>
    public static bool LooksLikeKey(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);
}
