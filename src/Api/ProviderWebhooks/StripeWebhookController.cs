using MediatR;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.ProviderWebhooks;
using VoiceTraining.Application.Billing.Commands.ProcessBillingEvent;

namespace VoiceTraining.Api.ProviderWebhooks;

/// <summary>Stripe's events. The Stripe-Signature header is verified over the raw body before anything is read or stored.</summary>
[Route("api/webhooks/stripe")]
[Tags("Provider webhooks")]
public sealed class StripeWebhookController(IMediator mediator, IInboundWebhook<ProcessBillingEventCommand, BillingEventOutcome> stripe,
    ILogger<ProviderWebhookController> logger)
    : ProviderWebhookController(mediator, logger)
{
    /// <summary>
    /// Receive a Stripe event: checkout.session.completed, customer.subscription.created/updated/deleted,
    /// invoice.payment_succeeded/payment_failed, payment_intent.* for orders. Each event id is applied
    /// once; an event older than the state already applied changes nothing; other types are acknowledged.
    /// 401 for a missing, wrong or stale signature.
    /// </summary>
    [HttpPost(Name = "receiveStripeWebhook")]
    [ProducesResponseType<WebhookReceipt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> Receive() => ReceiveAsync(stripe);
}
