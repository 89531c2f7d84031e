using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Controllers;
using VoiceTraining.Application.Billing;
using VoiceTraining.Infrastructure.Billing.Stripe;

namespace VoiceTraining.Api.Webhooks;

/// <summary>Stripe's events. The Stripe-Signature header is verified over the raw body before anything is read or stored.</summary>
[Route("api/webhooks/stripe")]
[Tags("Provider webhooks")]
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.DisableRateLimiting]
public sealed partial class StripeWebhookController(IMediator mediator, StripeSignatureVerifier verifier, ILogger<StripeWebhookController> logger)
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

        var signature = verifier.Verify(Request.Headers[StripeSignatureVerifier.HeaderName].ToString(), body);
        if (!signature.IsValid)
        {
            LogRejected(logger, signature.Reason ?? "invalid");
            return Problem(statusCode: StatusCodes.Status400BadRequest, detail: $"The Stripe signature was not accepted: {signature.Reason}");
        }

        var parsed = StripeEventParser.Parse(body);
        if (parsed.Event is null) return Problem(statusCode: StatusCodes.Status400BadRequest, detail: parsed.Error ?? "The body is not a Stripe event.");

        BillingEvent billingEvent;
        try
        {
            billingEvent = StripeEventTranslator.Translate(parsed.Event);
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or NullReferenceException or InvalidOperationException)
        {
            return Problem(statusCode: StatusCodes.Status400BadRequest, detail: $"The {parsed.Event.Type} event's object could not be read: {ex.Message}");
        }
        var outcome = await Mediator.Send(new ProcessBillingEventCommand(billingEvent), ct);
        return Ok(new WebhookReceipt(parsed.Event.Type, outcome.ToString().ToLowerInvariant()));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Stripe webhook: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
