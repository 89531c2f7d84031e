using System.Text.Json;
using Stripe;

namespace VoiceTraining.Infrastructure.Billing.StripeBilling;

/// <summary>
/// A verified body read as a Stripe event: the event, or <see cref="Detail"/> (user-level wording, for
/// the response) and <see cref="Reason"/> (what the library said, for the log only).
/// </summary>
public sealed record StripeWebhookResult(Event? Event, string? Detail, string? Reason)
{
    public bool IsValid => Event is not null;

    internal static StripeWebhookResult Valid(Event e) => new(e, null, null);

    internal static StripeWebhookResult NotAnEvent(string detail, string? reason = null) => new(null, detail, reason ?? detail);
}

/// <summary>
/// Verifies and reads Stripe webhooks with Stripe.net's <see cref="EventUtility"/>:
/// <c>Stripe-Signature: t={unix seconds},v1={hex}[,v1=…]</c>, v1 being the HMAC-SHA256 of <c>"{t}.{raw body}"</c>
/// keyed with the whole signing secret (<c>whsec_…</c>); any v1 may match, and t must be within
/// <see cref="Tolerance"/> of now (the <see cref="TimeProvider"/>'s) either way. <see cref="WhyRejected"/>
/// checks the signature (<c>EventUtility.ValidateSignature</c>); only then does <see cref="Read"/>
/// parse the body. An event of another API version than Stripe.net's is read all the same (docs/adr/0010): <see cref="IsPinnedVersion"/> tells the caller to log it.
/// </summary>
public sealed class StripeWebhookVerifier(string? secret, TimeProvider clock)
{
    public const string HeaderName = "Stripe-Signature";

    /// <summary>Stripe's default, in seconds.</summary>
    public const long Tolerance = 300;

    public bool IsConfigured => !string.IsNullOrEmpty(secret);

    /// <summary>Null when the header signs this body with the secret within the tolerance; otherwise why not (for the log).</summary>
    public string? WhyRejected(string body, string? signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!IsConfigured) return "STRIPE_WEBHOOK_SECRET is not set.";
        if (string.IsNullOrWhiteSpace(signatureHeader)) return $"The {HeaderName} header is missing.";
        try
        {
            EventUtility.ValidateSignature(body, signatureHeader, secret, Tolerance, clock.GetUtcNow().ToUnixTimeSeconds());
            return null;
        }
        catch (StripeException ex)
        {
            // Stripe.net raises StripeException only for the signature: malformed, not matching, or out of tolerance.
            return ex.Message;
        }
    }

    /// <summary>Reads a body whose signature <see cref="WhyRejected"/> accepted.</summary>
    public static StripeWebhookResult Read(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Event e;
        try
        {
            e = EventUtility.ParseEvent(body, throwOnApiVersionMismatch: false);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return StripeWebhookResult.NotAnEvent(
                $"The body is not a Stripe event that can be read: the event and its object must be JSON in the shape of API version {StripeConfiguration.ApiVersion}.", ex.Message);
        }

        if (e.Object is { } kind && kind != "event") return StripeWebhookResult.NotAnEvent($"The body is a \"{kind}\", not an event.");
        if (string.IsNullOrWhiteSpace(e.Id)) return StripeWebhookResult.NotAnEvent("The event has no id.");
        if (string.IsNullOrWhiteSpace(e.Type)) return StripeWebhookResult.NotAnEvent("The event has no type.");
        // Stripe.net reads an absent time as the Unix epoch.
        if (e.Created <= DateTime.UnixEpoch) return StripeWebhookResult.NotAnEvent("The event has no created time.");
        if (e.Data?.RawObject is null) return StripeWebhookResult.NotAnEvent("The event has no data.object.");
        return StripeWebhookResult.Valid(e);
    }

    /// <summary>The event is in Stripe.net's API version (or one of its release, which has the same shapes).</summary>
    public static bool IsPinnedVersion(Event e) =>
        e?.ApiVersion is { Length: > 0 } version && EventUtility.IsCompatibleApiVersion(version);
}
