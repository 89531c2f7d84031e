using System.Text;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.ProviderWebhooks;
using VoiceTraining.Application.Billing.Commands.ProcessBillingEvent;

namespace VoiceTraining.Infrastructure.Billing.StripeBilling;

/// <summary>Stripe's events through the inbound pipeline: <see cref="StripeWebhookVerifier"/> over the raw body, then <see cref="StripeEventTranslator"/>.</summary>
public sealed partial class StripeInboundWebhook(StripeWebhookVerifier verifier, ILogger<StripeInboundWebhook> logger)
    : IInboundWebhook<ProcessBillingEventCommand, BillingEventOutcome>
{
    public string Provider => "Stripe";

    public long MaxBodyBytes => 1024 * 1024;

    public InboundWebhookBody Body => InboundWebhookBody.Raw;

    public bool IsConfigured => verifier.IsConfigured;

    public string NotConfiguredDetail => "Stripe webhooks are not configured on this installation (set STRIPE_WEBHOOK_SECRET).";

    public InboundVerification Verify(InboundWebhookRequest request) =>
        InboundVerification.Unless(verifier.WhyRejected(Text(request), request.Header(StripeWebhookVerifier.HeaderName)));

    public InboundTranslation<ProcessBillingEventCommand> Translate(InboundWebhookRequest request)
    {
        var read = StripeWebhookVerifier.Read(Text(request));
        if (read.Event is not { } stripeEvent) return new InboundTranslation<ProcessBillingEventCommand>.Unreadable(read.Detail!, read.Reason);
        if (!StripeWebhookVerifier.IsPinnedVersion(stripeEvent))
            LogOtherApiVersion(logger, stripeEvent.Id, stripeEvent.ApiVersion ?? "(none)", Stripe.StripeConfiguration.ApiVersion);
        try
        {
            return new InboundTranslation<ProcessBillingEventCommand>.Send(stripeEvent.Type, new ProcessBillingEventCommand(StripeEventTranslator.Translate(stripeEvent)));
        }
        catch (Webhooks.Inbound.UnreadablePayloadException ex)
        {
            // The translator's own wording (what the object lacks), not a library's.
            return new InboundTranslation<ProcessBillingEventCommand>.Unreadable($"The {stripeEvent.Type} event's object could not be read: {ex.Message}", ex.Message);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or OverflowException)
        {
            // Anything else is a library's wording: the log gets it (the reason), the answer does not.
            return new InboundTranslation<ProcessBillingEventCommand>.Unreadable(
                $"The {stripeEvent.Type} event's object could not be read: a field has an unexpected type or format.", ex.Message);
        }
    }

    public InboundOutcome Outcome(BillingEventOutcome result) => InboundOutcome.Of(result);

    // The signature is over the UTF-8 bytes: bytes that are not UTF-8 do not survive the decoding and so do not match.
    private static string Text(InboundWebhookRequest request) => Encoding.UTF8.GetString(request.Body.Span);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {EventId} is in API version {EventVersion}, not {PinnedVersion}: fields may be missing; set the webhook endpoint's API version")]
    private static partial void LogOtherApiVersion(ILogger logger, string eventId, string eventVersion, string pinnedVersion);
}
