using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Security;

/// <summary>
/// Endpoint secrets: "whsec_" + base64 of 32 random bytes (the Standard Webhooks form), encrypted
/// at rest with Data Protection under their own purpose.
/// </summary>
internal sealed class WebhookSecrets(IDataProtectionProvider provider) : IWebhookSecrets
{
    public const string Prefix = "whsec_";
    private readonly IDataProtector _protector = provider.CreateProtector("VoiceTraining.Webhooks.EndpointSecret.v1");

    public GeneratedWebhookSecret Generate()
    {
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return new GeneratedWebhookSecret(secret, _protector.Protect(secret), secret[^4..]);
    }

    /// <summary>What a 409 says when a stored secret can no longer be decrypted.</summary>
    public const string UnreadableDetail = "This endpoint's signing secret can no longer be read (the key that encrypted it is not available): rotate the secret to get a new one.";

    public string Unprotect(string protectedSecret) => TryUnprotect(protectedSecret) ?? throw new ConflictException(UnreadableDetail);

    public string? TryUnprotect(string protectedSecret)
    {
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            // The data protection key ring that encrypted it is gone (or the value was never protected).
            return null;
        }
    }
}

/// <summary>API keys: "vtk_" + 8 public characters (the prefix shown in lists) + "_" + 32 random bytes, stored as SHA-256.</summary>
internal sealed class ApiKeyGenerator : IApiKeyGenerator
{
    public const string Prefix = ApiKeyFormat.Prefix;

    public GeneratedApiKey Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = $"{Prefix}{id}_{secret}";
        return new GeneratedApiKey(key, $"{Prefix}{id}", Hash(key));
    }

    public string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
