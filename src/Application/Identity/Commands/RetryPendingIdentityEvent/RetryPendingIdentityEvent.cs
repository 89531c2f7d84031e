using System.Text.Json;
using MediatR;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Integrations;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Identity.Commands.ProcessIdentityEvent;

namespace VoiceTraining.Application.Identity.Commands.RetryPendingIdentityEvent;

/// <summary>The identity events waiting for their organization.</summary>
public interface IPendingIdentityEventQueue
{
    /// <summary>
    /// The event, tracked and locked for the current transaction, if the lease
    /// <paramref name="leaseToken"/> still holds it; null when it is gone or held by another lease.
    /// </summary>
    Task<PendingIdentityEvent?> HoldAsync(Guid id, Guid leaseToken, CancellationToken cancellationToken);
}

public enum PendingIdentityRetryOutcome
{
    /// <summary>Applied now that its organization exists; the event is removed.</summary>
    Applied,
    /// <summary>The organization is still unknown; retry at <see cref="PendingIdentityRetryResult.NextAttemptAt"/>.</summary>
    StillWaiting,
    /// <summary>Still unknown and the keep period is over: given up, kept for inspection.</summary>
    Expired,
    /// <summary>The lease no longer holds the event (it was applied, or handed back by organization.created): nothing to do.</summary>
    NotHeld,
}

/// <summary>What one retry came to; for a waiting or expired event, when next and why.</summary>
public sealed record PendingIdentityRetryResult(PendingIdentityRetryOutcome Outcome, DateTimeOffset? NextAttemptAt = null, string? Reason = null)
{
    public static readonly PendingIdentityRetryResult Applied = new(PendingIdentityRetryOutcome.Applied);
    public static readonly PendingIdentityRetryResult NotHeld = new(PendingIdentityRetryOutcome.NotHeld);
}

/// <summary>
/// Tries one identity event that waits for its organization again, for the worker whose lease
/// (<see cref="LeaseToken"/>) holds it. Applied, it is removed in the same transaction as its
/// effect, so it is applied once; still waiting, the result says when to try again (the caller
/// writes that under its lease), or that the keep period is over.
/// </summary>
public sealed record RetryPendingIdentityEventCommand(Guid Id, Guid LeaseToken) : ICommand<PendingIdentityRetryResult>
{
    /// <summary>
    /// The wait after each retry that still found no organization: doubling from 2 minutes to an
    /// hour, then hourly. Giving up is by time (the event's keep period, IdentitySync:KeepPendingFor),
    /// not by count, so the last step repeats.
    /// </summary>
    public static readonly RetrySchedule Retries = new(
        [TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(16), TimeSpan.FromMinutes(32), TimeSpan.FromHours(1)]);
}

internal sealed partial class RetryPendingIdentityEventCommandHandler(
    IApplicationDbContext db, IPendingIdentityEventQueue queue, IdentitySync sync, TimeProvider clock, ILogger<RetryPendingIdentityEventCommandHandler> logger)
    : IRequestHandler<RetryPendingIdentityEventCommand, PendingIdentityRetryResult>
{
    public async Task<PendingIdentityRetryResult> Handle(RetryPendingIdentityEventCommand request, CancellationToken cancellationToken)
    {
        var row = await queue.HoldAsync(request.Id, request.LeaseToken, cancellationToken);
        if (row is null) return PendingIdentityRetryResult.NotHeld;

        var e = JsonSerializer.Deserialize<IdentityEvent>(row.Payload, IdentityEventJson.Options)!;
        var result = await sync.ApplyAsync(e, cancellationToken);
        if (result.Outcome != IdentityEventOutcome.Deferred)
        {
            db.PendingIdentityEvents.Remove(row);
            await db.SaveChangesAsync(cancellationToken);
            LogApplied(logger, row.EventType, row.EventId, row.AwaitedOrganization);
            return PendingIdentityRetryResult.Applied;
        }

        // Nothing was applied, so nothing is saved: the caller writes the next try under its lease.
        var now = clock.GetUtcNow();
        var next = now + RetryPendingIdentityEventCommand.Retries.Delay(row.Attempts + 1);
        if (!row.IsExpired(next)) return new(PendingIdentityRetryOutcome.StillWaiting, next, result.Reason);
        LogGivenUp(logger, row.EventType, row.EventId, row.AwaitedOrganization, row.ReceivedAt);
        return new(PendingIdentityRetryOutcome.Expired, now, result.Reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Identity event {Type} {EventId} applied now that organization {Organization} exists")]
    private static partial void LogApplied(ILogger logger, string type, string eventId, string organization);

    [LoggerMessage(Level = LogLevel.Error, Message = "Identity event {Type} {EventId} received {ReceivedAt} gave up waiting for organization {Organization}; it stays in pending_identity_events")]
    private static partial void LogGivenUp(ILogger logger, string type, string eventId, string organization, DateTimeOffset receivedAt);
}
