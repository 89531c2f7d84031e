using System.Globalization;
using VoiceTraining.Infrastructure.Security;

namespace VoiceTraining.Infrastructure.Vapi;

/// <summary>
/// Authenticates a Vapi webhook before its body is read as data: the shared secret (X-Vapi-Secret
/// header, or a bearer token) compared in constant time, and, when an HMAC secret is configured,
/// the HMAC credential (x-signature = hex HMAC-SHA256 of "{x-timestamp}.{raw body}", 5-minute tolerance).
/// Every configured check must pass; with nothing configured, nothing passes.
/// </summary>
public sealed class VapiWebhookAuthenticator(string? sharedSecret, string? hmacSecret, TimeProvider clock)
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public bool IsConfigured => sharedSecret is not null || hmacSecret is not null;

    /// <returns>Null when authentic, else why not (for the log; the caller answers a plain 401).</returns>
    public string? Verify(Func<string, string?> header, ReadOnlySpan<byte> body)
    {
        if (!IsConfigured) return "Vapi webhooks are not configured (VAPI_WEBHOOK_SECRET).";

        if (sharedSecret is not null)
        {
            var presented = header("X-Vapi-Secret");
            var authorization = header("Authorization");
            if (presented is null && authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                presented = authorization["Bearer ".Length..].Trim();
            if (presented is null || !Hmac.FixedTimeEquals(presented, sharedSecret)) return "The shared secret is missing or wrong.";
        }

        if (hmacSecret is not null)
        {
            var signature = header("x-signature");
            var timestamp = header("x-timestamp");
            if (signature is null || timestamp is null) return "The HMAC signature headers are missing.";
            if (!long.TryParse(timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ts)) return "The timestamp is not a number.";
            // Accept seconds or milliseconds since the epoch.
            var sent = ts > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(ts) : DateTimeOffset.FromUnixTimeSeconds(ts);
            if ((clock.GetUtcNow() - sent).Duration() > Tolerance) return "The timestamp is outside the tolerance.";
            var expected = Sign(hmacSecret, timestamp, body);
            var given = signature.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? signature[7..] : signature;
            if (!Hmac.FixedTimeEquals(given.ToLowerInvariant(), expected)) return "The HMAC signature does not match.";
        }
        return null;
    }

    /// <summary>Hex HMAC-SHA256 of "{timestamp}.{body}".</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body) => Hmac.Sha256Hex(secret, timestamp + ".", body);
}
