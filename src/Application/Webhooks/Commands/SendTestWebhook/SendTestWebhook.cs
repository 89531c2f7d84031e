using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Webhooks.Payloads;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.Commands.SendTestWebhook;

/// <summary>
/// Sends webhook.test to an endpoint now and answers with the outcome. Not an ICommand: the
/// delivery row must be committed before the send, which runs in this request (a single attempt,
/// no retries; it stays in the log and can be replayed).
/// </summary>
public sealed record SendTestWebhookCommand(Guid Id) : IRequest<WebhookTestResultDto>
{
    /// <summary>The 409 when the endpoint is deleted while its test is in flight (the delivery row goes with it).</summary>
    public const string EndpointDeletedMeanwhile = "The endpoint was deleted while the test was being sent: reload.";
}

internal sealed class SendTestWebhookCommandHandler(IApplicationDbContext db, IWebhookDispatcher dispatcher, TimeProvider clock, IMapper mapper)
    : IRequestHandler<SendTestWebhookCommand, WebhookTestResultDto>
{
    /// <summary>The background dispatcher leaves the row alone this long, since this request sends it.</summary>
    private static readonly TimeSpan HoldForRequest = TimeSpan.FromMinutes(2);

    public async Task<WebhookTestResultDto> Handle(SendTestWebhookCommand request, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.GetAsync(request.Id, cancellationToken);
        var org = await db.Organizations.SingleAsync(o => o.Id == endpoint.OrgId, cancellationToken);
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var message = new WebhookMessage(id, endpoint.OrgId, WebhookEventTypes.Test, WebhookJson.Serialize(WebhookPayloadBuilder.Test(org, id, now)), now);
        var delivery = new WebhookDelivery(message, endpoint.Id, now, maxAttempts: 1, firstAttemptAt: now + HoldForRequest);
        db.WebhookMessages.Add(message);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);

        var outcome = await dispatcher.SendNowAsync(delivery.Id, cancellationToken);
        // The attempt was written outside this context: read the row afresh.
        var dto = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == delivery.Id, cancellationToken)
            ?? throw new ConflictException(SendTestWebhookCommand.EndpointDeletedMeanwhile);
        return new WebhookTestResultDto
        {
            Success = outcome.Succeeded,
            StatusCode = outcome.StatusCode,
            DurationMs = outcome.DurationMs,
            Error = outcome.Error,
            ResponseBody = outcome.ResponseBody,
            Delivery = mapper.Map<WebhookDeliveryDto>(dto),
        };
    }
}
