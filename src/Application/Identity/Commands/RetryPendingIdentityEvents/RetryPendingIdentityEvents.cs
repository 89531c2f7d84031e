using System.Text.Json;
using MediatR;
using VoiceTraining.Domain.Integrations;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Identity.Commands.ProcessIdentityEvent;

namespace VoiceTraining.Application.Identity.Commands.RetryPendingIdentityEvents;

/// <summary>The identity events waiting for their organization.</summary>
public interface IPendingIdentityEventQueue
{
    /// <summary>
    /// The due, unexpired events (oldest first), tracked and locked for the current transaction;
    /// rows another instance holds are skipped.
    /// </summary>
    Task<List<PendingIdentityEvent>> ClaimDueAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken);
}

/// <summary>Result of one retry round: how many waiting events were applied, are still waiting, or were given up.</summary>
public sealed record PendingIdentityRetryResult(int Applied, int StillWaiting, int Expired);

/// <summary>
/// Tries the identity events that wait for an organization again (oldest first, a batch at a time,
/// rows locked with SKIP LOCKED so several instances share the work). Applied ones are removed;
/// those past their keep period are logged as errors and stay for inspection.
/// </summary>
public sealed record RetryPendingIdentityEventsCommand(int BatchSize = 50) : ICommand<PendingIdentityRetryResult>;

internal sealed partial class RetryPendingIdentityEventsCommandHandler(
    IApplicationDbContext db, IPendingIdentityEventQueue queue, IdentitySync sync, TimeProvider clock, ILogger<RetryPendingIdentityEventsCommandHandler> logger)
    : IRequestHandler<RetryPendingIdentityEventsCommand, PendingIdentityRetryResult>
{
    public async Task<PendingIdentityRetryResult> Handle(RetryPendingIdentityEventsCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await queue.ClaimDueAsync(now, request.BatchSize, cancellationToken);
        int applied = 0, waiting = 0, expired = 0;
        foreach (var row in due)
        {
            var e = JsonSerializer.Deserialize<IdentityEvent>(row.Payload, IdentityEventJson.Options)!;
            var result = await sync.ApplyAsync(e, cancellationToken);
            if (result.Outcome != IdentityEventOutcome.Deferred)
            {
                db.PendingIdentityEvents.Remove(row);
                applied++;
                LogApplied(logger, row.EventType, row.EventId, row.AwaitedOrganization);
                continue;
            }
            row.StillWaiting(result.Reason!, now);
            if (row.IsExpired(row.NextAttemptAt))
            {
                expired++;
                LogGivenUp(logger, row.EventType, row.EventId, row.AwaitedOrganization, row.ReceivedAt);
            }
            else waiting++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return new PendingIdentityRetryResult(applied, waiting, expired);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Identity event {Type} {EventId} applied now that organization {Organization} exists")]
    private static partial void LogApplied(ILogger logger, string type, string eventId, string organization);

    [LoggerMessage(Level = LogLevel.Error, Message = "Identity event {Type} {EventId} received {ReceivedAt} gave up waiting for organization {Organization}; it stays in pending_identity_events")]
    private static partial void LogGivenUp(ILogger logger, string type, string eventId, string organization, DateTimeOffset receivedAt);
}
