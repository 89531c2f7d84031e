using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Webhooks;
using VoiceTraining.Infrastructure.Workers;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound;

/// <summary>Wakes the webhook delivery worker (deliveries were queued and are due).</summary>
internal sealed class WebhookDeliverySignal : WakeSignal;

/// <summary>
/// Outbound delivery as use cases see it. The sending itself is the background engine's
/// (a <see cref="Workers.Queues.QueueWorker{TItem, TOutcome}"/> running <see cref="WebhookDeliveryJob"/>
/// on <see cref="WebhookDeliveryClaims"/>); this wakes it, and makes a test send in the request.
/// </summary>
internal sealed class WebhookDispatcher(WebhookDeliverySignal wake, WebhookDeliveryClaims claims, WebhookDeliveryJob job) : IWebhookDispatcher
{
    public void Notify() => wake.Notify();

    /// <summary>Claims the delivery whatever its endpoint's cap, attempts it and writes the outcome, all before returning.</summary>
    public async Task<WebhookSendOutcome> SendNowAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        var delivery = await claims.ClaimByIdAsync(deliveryId, cancellationToken)
            // Just written and held for this request: gone only if its endpoint was deleted meanwhile.
            ?? throw new ConflictException(Application.Webhooks.Commands.SendTestWebhook.SendTestWebhookCommand.EndpointDeletedMeanwhile);
        var outcome = await job.HandleAsync(delivery, cancellationToken);
        await job.SettleAsync([outcome], cancellationToken);
        var sent = outcome.Sent;
        return new WebhookSendOutcome(outcome.Decision.Status == WebhookDeliveryStatus.Succeeded, sent?.Result.StatusCode, sent?.DurationMs ?? 0,
            outcome.Error, sent?.ResponseBody, outcome.AttemptId);
    }
}
