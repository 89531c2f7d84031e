using VoiceTraining.Infrastructure.Security;

namespace VoiceTraining.Infrastructure.Identity.Clerk;

/// <summary>
/// Verifies Clerk's webhooks, which Svix signs with the Standard Webhooks scheme: svix-id,
/// svix-timestamp and svix-signature headers, HMAC-SHA256 of "{id}.{timestamp}.{body}" with the
/// base64-decoded part of CLERK_WEBHOOK_SECRET, one or more "v1,…" signatures, 5 minutes' tolerance.
/// </summary>
public sealed class ClerkWebhookVerifier(string? secret, TimeProvider clock)
{
    public const string IdHeader = "svix-id";
    public const string TimestampHeader = "svix-timestamp";
    public const string SignatureHeader = "svix-signature";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(secret);

    /// <summary>Null when the delivery is authentic and fresh; otherwise why not.</summary>
    public string? WhyRejected(string? id, string? timestamp, string? signature, ReadOnlySpan<byte> body) =>
        IsConfigured
            ? StandardWebhooks.Verify(secret!.Trim(), id, timestamp, signature, body, clock.GetUtcNow(), Tolerance)
            : "CLERK_WEBHOOK_SECRET is not set.";
}
