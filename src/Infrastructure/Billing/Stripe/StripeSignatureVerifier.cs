using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VoiceTraining.Infrastructure.Billing.Stripe;

public enum StripeSignatureFailure
{
    NotConfigured,
    MissingHeader,
    Malformed,
    NoMatchingSignature,
    StaleTimestamp,
    FutureTimestamp,
}

/// <summary>The outcome of checking a Stripe-Signature header; <see cref="Reason"/> is for the log.</summary>
public sealed record StripeSignatureResult(StripeSignatureFailure? Failure, string? Reason, DateTimeOffset? SignedAt)
{
    public bool IsValid => Failure is null;

    internal static StripeSignatureResult Valid(DateTimeOffset signedAt) => new(null, null, signedAt);

    internal static StripeSignatureResult Invalid(StripeSignatureFailure failure, string reason, DateTimeOffset? signedAt = null) => new(failure, reason, signedAt);
}

/// <summary>
/// Verifies Stripe webhook signatures: <c>Stripe-Signature: t={unix seconds},v1={hex}[,v1=…][,v0=…]</c>,
/// where v1 is the hex HMAC-SHA256 of <c>"{t}.{raw body}"</c> keyed with the UTF-8 bytes of the whole
/// signing secret (<c>whsec_…</c>, prefix included). Any v1 may match (Stripe sends several while a
/// secret is rolled); other schemes are ignored. The signature is checked first, then the timestamp,
/// which must be within the tolerance (300 s, Stripe's default) of now in either direction.
/// </summary>
public sealed class StripeSignatureVerifier(string? secret, TimeProvider clock, TimeSpan? tolerance = null)
{
    public const string HeaderName = "Stripe-Signature";

    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromSeconds(300);

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly TimeSpan _tolerance = tolerance ?? DefaultTolerance;

    public bool IsConfigured => !string.IsNullOrEmpty(secret);

    public StripeSignatureResult Verify(string? header, ReadOnlySpan<byte> body)
    {
        if (!IsConfigured) return StripeSignatureResult.Invalid(StripeSignatureFailure.NotConfigured, "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET).");
        if (string.IsNullOrWhiteSpace(header)) return StripeSignatureResult.Invalid(StripeSignatureFailure.MissingHeader, $"The {HeaderName} header is missing.");

        string? timestamp = null;
        var signatures = new List<string>();
        foreach (var element in header.Split(','))
        {
            var eq = element.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) return StripeSignatureResult.Invalid(StripeSignatureFailure.Malformed, $"The {HeaderName} header has an element without a name and value.");
            var name = element[..eq].Trim();
            var value = element[(eq + 1)..].Trim();
            switch (name)
            {
                case "t" when timestamp is not null:
                    return StripeSignatureResult.Invalid(StripeSignatureFailure.Malformed, $"The {HeaderName} header has more than one timestamp.");
                case "t":
                    timestamp = value;
                    break;
                case "v1":
                    signatures.Add(value);
                    break;
            }
        }
        if (timestamp is null) return StripeSignatureResult.Invalid(StripeSignatureFailure.Malformed, $"The {HeaderName} header has no timestamp (t=).");
        if (timestamp.Length is 0 or > 12 || !timestamp.All(char.IsAsciiDigit)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxUnixSeconds)
            return StripeSignatureResult.Invalid(StripeSignatureFailure.Malformed, $"The {HeaderName} timestamp is not a Unix time.");
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (signatures.Count == 0) return StripeSignatureResult.Invalid(StripeSignatureFailure.NoMatchingSignature, $"The {HeaderName} header has no v1 signature.", signedAt);

        var expected = Hmac(secret!, timestamp, body);
        var matched = false;
        foreach (var signature in signatures)
        {
            // Not hex, or the wrong length: cannot match. Every candidate is compared in constant time.
            var given = signature.Length == expected.Length * 2 && signature.All(char.IsAsciiHexDigit) ? Convert.FromHexString(signature) : null;
            matched |= given is not null && CryptographicOperations.FixedTimeEquals(given, expected);
        }
        if (!matched) return StripeSignatureResult.Invalid(StripeSignatureFailure.NoMatchingSignature, "No v1 signature matches the body and the signing secret.", signedAt);

        var age = clock.GetUtcNow() - signedAt;
        if (age > _tolerance) return StripeSignatureResult.Invalid(StripeSignatureFailure.StaleTimestamp, $"The signature is {(long)age.TotalSeconds} s old (tolerance {(long)_tolerance.TotalSeconds} s): a replay?", signedAt);
        if (-age > _tolerance) return StripeSignatureResult.Invalid(StripeSignatureFailure.FutureTimestamp, $"The signature is dated {(long)(-age).TotalSeconds} s in the future (tolerance {(long)_tolerance.TotalSeconds} s).", signedAt);
        return StripeSignatureResult.Valid(signedAt);
    }

    /// <summary>The v1 signature: lower-case hex HMAC-SHA256 of "{timestamp}.{body}" keyed with the secret's UTF-8 bytes.</summary>
    public static string ComputeSignature(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(Hmac(secret, timestamp.ToString(CultureInfo.InvariantCulture), body));

    /// <summary>A Stripe-Signature header for this body, as Stripe would send it (for tests and the local simulator).</summary>
    public static string SignatureHeader(string secret, DateTimeOffset signedAt, ReadOnlySpan<byte> body)
    {
        var timestamp = signedAt.ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"t={timestamp},v1={ComputeSignature(secret, timestamp, body)}");
    }

    private static byte[] Hmac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }
}
