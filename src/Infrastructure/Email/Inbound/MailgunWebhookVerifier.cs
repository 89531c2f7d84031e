using System.Globalization;
using VoiceTraining.Infrastructure.Security;

namespace VoiceTraining.Infrastructure.Email.Inbound;

/// <summary>
/// Mailgun signs each webhook and forwarded message with the form fields timestamp, token and
/// signature = hex HMAC-SHA256 of timestamp + token, keyed with the webhook signing key
/// (MAILGUN_WEBHOOK_SIGNING_KEY). Old timestamps are refused here; reused tokens by the caller's ledger.
/// </summary>
public sealed class MailgunWebhookVerifier(string? signingKey, TimeProvider clock)
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(signingKey);

    public static string Sign(string key, string timestamp, string token) => Hmac.Sha256Hex(key, timestamp + token, []);

    /// <summary>Null when authentic and fresh; otherwise why not.</summary>
    public string? WhyRejected(string? timestamp, string? token, string? signature)
    {
        if (!IsConfigured) return "MAILGUN_WEBHOOK_SIGNING_KEY is not set.";
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(token) || string.IsNullOrEmpty(signature))
            return "The timestamp, token or signature field is missing.";
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return "The timestamp is not a number of seconds.";
        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age > Tolerance) return "The timestamp is too old.";
        if (age < -Tolerance) return "The timestamp is in the future.";
        return Hmac.FixedTimeEquals(signature.Trim().ToLowerInvariant(), Sign(signingKey!.Trim(), timestamp, token))
            ? null
            : "The signature does not match.";
    }
}
