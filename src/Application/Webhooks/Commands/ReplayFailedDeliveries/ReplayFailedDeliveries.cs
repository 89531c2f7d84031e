using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.Commands.ReplayFailedDeliveries;

/// <summary>Requeues every failed delivery of one endpoint created since a time (e.g. after fixing the receiver).</summary>
public sealed record ReplayFailedDeliveriesCommand : ICommand<ReplayResultDto>
{
    internal Guid EndpointId { get; init; }
    /// <summary>Replay deliveries created at or after this time.</summary>
    public DateTimeOffset Since { get; init; }

    public ReplayFailedDeliveriesCommand WithEndpoint(Guid endpointId) => this with { EndpointId = endpointId };
}

public sealed class ReplayFailedDeliveriesCommandValidator : AbstractValidator<ReplayFailedDeliveriesCommand>
{
    public ReplayFailedDeliveriesCommandValidator() => RuleFor(x => x.Since).NotEmpty();
}

internal sealed class ReplayFailedDeliveriesCommandHandler(IApplicationDbContext db, IAfterCommit afterCommit, IWebhookDispatcher dispatcher, TimeProvider clock)
    : IRequestHandler<ReplayFailedDeliveriesCommand, ReplayResultDto>
{
    /// <summary>One request replays at most this many; call again for the rest.</summary>
    private const int MaxPerRequest = 10_000;

    public async Task<ReplayResultDto> Handle(ReplayFailedDeliveriesCommand request, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.GetAsync(request.EndpointId, cancellationToken);
        var failed = await db.WebhookDeliveries
            .Where(d => d.EndpointId == endpoint.Id && d.Status == WebhookDeliveryStatus.Failed && d.CreatedAt >= request.Since)
            .OrderBy(d => d.CreatedAt).Take(MaxPerRequest)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var delivery in failed) delivery.Requeue(now);
        await db.SaveChangesAsync(cancellationToken);
        if (failed.Count > 0) afterCommit.Enqueue(dispatcher.Notify);
        return new ReplayResultDto(failed.Count);
    }
}
