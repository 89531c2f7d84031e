using System.Text.Json;
using Stripe;

namespace VoiceTraining.Infrastructure.Billing.StripeBilling;

/// <summary>Why a webhook was not taken: the signature (nothing of the body was read) or the body after a good signature.</summary>
public enum StripeWebhookFailure
{
    NotConfigured,
    MissingSignature,
    BadSignature,
    NotAnEvent,
}

/// <summary>
/// The outcome of reading a Stripe webhook: the event, or a failure with <see cref="Detail"/> (user-level
/// wording, for the response) and <see cref="Reason"/> (what the library said, for the log only).
/// </summary>
public sealed record StripeWebhookResult(Event? Event, StripeWebhookFailure? Failure, string? Detail, string? Reason)
{
    public bool IsValid => Event is not null;

    internal static StripeWebhookResult Valid(Event e) => new(e, null, null, null);

    internal static StripeWebhookResult Invalid(StripeWebhookFailure failure, string detail, string? reason = null) => new(null, failure, detail, reason ?? detail);
}

/// <summary>
/// Verifies and reads Stripe webhooks with Stripe.net's <see cref="EventUtility.ConstructEvent(string, string, string, long, long, bool)"/>:
/// <c>Stripe-Signature: t={unix seconds},v1={hex}[,v1=…]</c>, v1 being the HMAC-SHA256 of <c>"{t}.{raw body}"</c>
/// keyed with the whole signing secret (<c>whsec_…</c>); any v1 may match, and t must be within
/// <see cref="Tolerance"/> of now (the <see cref="TimeProvider"/>'s) either way. The signature is checked
/// before the body is parsed. An event of another API version than Stripe.net's is read all the same
/// (docs/adr/0010): <see cref="IsPinnedVersion"/> tells the caller to log it.
/// </summary>
public sealed class StripeWebhookVerifier(string? secret, TimeProvider clock)
{
    public const string HeaderName = "Stripe-Signature";

    /// <summary>Stripe's default, in seconds.</summary>
    public const long Tolerance = 300;

    public bool IsConfigured => !string.IsNullOrEmpty(secret);

    public StripeWebhookResult Read(string body, string? signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!IsConfigured) return StripeWebhookResult.Invalid(StripeWebhookFailure.NotConfigured, "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET).");
        if (string.IsNullOrWhiteSpace(signatureHeader))
            return StripeWebhookResult.Invalid(StripeWebhookFailure.MissingSignature, $"The {HeaderName} header is missing.");

        Event e;
        try
        {
            e = EventUtility.ConstructEvent(body, signatureHeader, secret, Tolerance, clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (StripeException ex)
        {
            // Stripe.net raises StripeException only for the signature: malformed, not matching, or out of tolerance.
            return StripeWebhookResult.Invalid(StripeWebhookFailure.BadSignature,
                $"The {HeaderName} header does not match this body and the signing secret within {Tolerance} s of now.", ex.Message);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return StripeWebhookResult.Invalid(StripeWebhookFailure.NotAnEvent,
                $"The body is not a Stripe event that can be read: the event and its object must be JSON in the shape of API version {StripeConfiguration.ApiVersion}.", ex.Message);
        }

        if (e.Object is { } kind && kind != "event") return StripeWebhookResult.Invalid(StripeWebhookFailure.NotAnEvent, $"The body is a \"{kind}\", not an event.");
        if (string.IsNullOrWhiteSpace(e.Id)) return StripeWebhookResult.Invalid(StripeWebhookFailure.NotAnEvent, "The event has no id.");
        if (string.IsNullOrWhiteSpace(e.Type)) return StripeWebhookResult.Invalid(StripeWebhookFailure.NotAnEvent, "The event has no type.");
        // Stripe.net reads an absent time as the Unix epoch.
        if (e.Created <= DateTime.UnixEpoch) return StripeWebhookResult.Invalid(StripeWebhookFailure.NotAnEvent, "The event has no created time.");
        if (e.Data?.RawObject is null) return StripeWebhookResult.Invalid(StripeWebhookFailure.NotAnEvent, "The event has no data.object.");
        return StripeWebhookResult.Valid(e);
    }

    /// <summary>The event is in Stripe.net's API version (or one of its release, which has the same shapes).</summary>
    public static bool IsPinnedVersion(Event e) =>
        e?.ApiVersion is { Length: > 0 } version && EventUtility.IsCompatibleApiVersion(version);
}
