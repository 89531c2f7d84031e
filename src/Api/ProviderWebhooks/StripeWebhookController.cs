using System.Text;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Controllers;
using VoiceTraining.Application.Billing;
using VoiceTraining.Infrastructure.Billing.StripeBilling;

namespace VoiceTraining.Api.ProviderWebhooks;

/// <summary>Stripe's events. The Stripe-Signature header is verified over the raw body before anything is read or stored.</summary>
[Route("api/webhooks/stripe")]
[Tags("Provider webhooks")]
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.DisableRateLimiting]
public sealed partial class StripeWebhookController(IMediator mediator, StripeWebhookVerifier verifier, ILogger<StripeWebhookController> logger)
    : ApiControllerBase(mediator)
{
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Receive a Stripe event: checkout.session.completed, customer.subscription.created/updated/deleted,
    /// invoice.payment_succeeded/payment_failed, payment_intent.* for orders. Each event id is applied
    /// once; an event older than the state already applied changes nothing; other types are acknowledged.
    /// </summary>
    [HttpPost(Name = "receiveStripeWebhook")]
    [RequestSizeLimit(MaxBodyBytes)]
    [Consumes("application/json")]
    [ProducesResponseType<WebhookReceipt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> Receive(CancellationToken ct)
    {
        if (!verifier.IsConfigured)
            return Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "Stripe webhooks are not configured on this installation (set STRIPE_WEBHOOK_SECRET).");
        var body = await RawBody.ReadAsync(Request, MaxBodyBytes, ct);
        if (body is null) return Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: "The webhook body is too large.");

        // The signature is over the UTF-8 bytes: bytes that are not UTF-8 do not survive the decoding and so do not match.
        var read = verifier.Read(Encoding.UTF8.GetString(body), Request.Headers[StripeWebhookVerifier.HeaderName].ToString());
        if (read.Event is not { } stripeEvent)
        {
            LogRejected(logger, read.Failure?.ToString() ?? "", read.Reason ?? "");
            return Problem(statusCode: StatusCodes.Status400BadRequest, detail: read.Failure is StripeWebhookFailure.NotAnEvent
                ? read.Detail
                : $"The Stripe signature was not accepted: {read.Detail}");
        }
        if (!StripeWebhookVerifier.IsPinnedVersion(stripeEvent))
            LogOtherApiVersion(logger, stripeEvent.Id, stripeEvent.ApiVersion ?? "(none)", Stripe.StripeConfiguration.ApiVersion);

        BillingEvent billingEvent;
        try
        {
            billingEvent = StripeEventTranslator.Translate(stripeEvent);
        }
        catch (FormatException ex)
        {
            LogUnreadable(logger, stripeEvent.Id, stripeEvent.Type, ex.Message);
            return Problem(statusCode: StatusCodes.Status400BadRequest, detail: $"The {stripeEvent.Type} event's object could not be read: {ex.Message}");
        }
        var outcome = await Mediator.Send(new ProcessBillingEventCommand(billingEvent), ct);
        return Ok(new WebhookReceipt(stripeEvent.Type, outcome.ToString().ToLowerInvariant()));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Stripe webhook ({Failure}): {Reason}")]
    private static partial void LogRejected(ILogger logger, string failure, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {EventId} is in API version {EventVersion}, not {PinnedVersion}: fields may be missing; set the webhook endpoint's API version")]
    private static partial void LogOtherApiVersion(ILogger logger, string eventId, string eventVersion, string pinnedVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {EventId} ({Type}) has an object that could not be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string eventId, string type, string reason);
}
