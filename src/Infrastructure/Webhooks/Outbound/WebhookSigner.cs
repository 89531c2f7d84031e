using System.Globalization;
using VoiceTraining.Infrastructure.Security;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound;

/// <summary>The signature headers of one outbound attempt.</summary>
/// <param name="XWebhookSignature">Signed with the current secret (the one shown in settings).</param>
/// <param name="XWebhookSignaturePrevious">During a rotation, the same signed with the previous secret; else null.</param>
/// <param name="WebhookSignature">Standard Webhooks: "v1,…" per active secret, space-separated.</param>
/// <param name="Timestamp">Unix seconds of this attempt (X-Webhook-Timestamp and webhook-timestamp).</param>
public sealed record WebhookSignatureHeaders(string XWebhookSignature, string? XWebhookSignaturePrevious, string WebhookSignature, string Timestamp);

/// <summary>
/// Signs outbound deliveries two ways: the integration contract's X-Webhook-Signature
/// ("sha256=" + hex HMAC-SHA256 of the raw body, keyed with the secret string as the customer-side
/// sample code does) and the Standard Webhooks webhook-signature (so any Standard Webhooks library
/// verifies it and rejects replays by timestamp). During a secret rotation both secrets sign: the
/// Standard Webhooks header lists both; X-Webhook-Signature stays a single value (so the contract's
/// exact-comparison sample keeps working with the new secret) and X-Webhook-Signature-Previous
/// carries the old one.
/// </summary>
public static class WebhookSigner
{
    /// <summary>"sha256=" + lowercase hex HMAC-SHA256(key = UTF-8 of the whole secret, body).</summary>
    public static string ContractSignature(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Hmac.Sha256Hex(secret, "", body);

    public static WebhookSignatureHeaders Sign(string messageId, DateTimeOffset now, ReadOnlySpan<byte> body, string secret, string? previousSecret)
    {
        var timestamp = now.ToUnixTimeSeconds();
        var standard = StandardWebhooks.Sign(secret, messageId, timestamp, body);
        var contract = ContractSignature(secret, body);
        string? previous = null;
        if (previousSecret is not null)
        {
            // Receivers still holding the previous secret keep verifying until they switch.
            standard += " " + StandardWebhooks.Sign(previousSecret, messageId, timestamp, body);
            previous = ContractSignature(previousSecret, body);
        }
        return new WebhookSignatureHeaders(contract, previous, standard, timestamp.ToString(CultureInfo.InvariantCulture));
    }
}
