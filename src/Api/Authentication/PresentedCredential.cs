using Microsoft.IdentityModel.JsonWebTokens;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Api.Authentication;

/// <summary>What a request presents, read without validating anything.</summary>
public enum CredentialKind
{
    /// <summary>No X-Api-Key header and no bearer token.</summary>
    None,
    /// <summary>An X-Api-Key header, or a bearer token shaped like an API key.</summary>
    ApiKey,
    /// <summary>A bearer token that parses as a JWT (its iss is read, not trusted).</summary>
    Jwt,
    /// <summary>A bearer token that is neither an API key nor a JWT.</summary>
    NotAJwt,
}

/// <summary>
/// The credential a request carries: an X-Api-Key header wins over the Authorization header; a
/// bearer token is an API key when it looks like one, else a JWT whose unverified issuer says which
/// scheme validates it.
/// </summary>
public readonly record struct PresentedCredential(CredentialKind Kind, string? Value = null, string? Issuer = null)
{
    public const string ApiKeyHeader = "X-Api-Key";
    private const string BearerPrefix = "Bearer ";

    public static PresentedCredential Read(HttpRequest request)
    {
        string? apiKey = request.Headers[ApiKeyHeader];
        if (!string.IsNullOrEmpty(apiKey)) return new(CredentialKind.ApiKey, apiKey.Trim());
        string? header = request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)) return new(CredentialKind.None);
        var raw = header[BearerPrefix.Length..].Trim();
        if (ApiKeyFormat.LooksLikeKey(raw)) return new(CredentialKind.ApiKey, raw);
        try
        {
            return new(CredentialKind.Jwt, raw, new JsonWebToken(raw).Issuer);
        }
        catch (ArgumentException)
        {
            return new(CredentialKind.NotAJwt, raw);
        }
    }
}
