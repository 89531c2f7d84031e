using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Attempts.Analysis;

namespace VoiceTraining.Application.Calls.Commands.RecordCallEvent;

/// <summary>
/// Applies a voice provider's webhook to its attempt. Idempotent: a repeated delivery, or events
/// out of order (ended before started), leave one correct attempt.
/// </summary>
public sealed record RecordCallEventCommand(CallEvent Event) : ICommand<CallEventOutcome>;

internal sealed partial class RecordCallEventCommandHandler(
    IApplicationDbContext db,
    IInboundEventLedger ledger,
    IRowLocks locks,
    CallCompletion completion,
    CallLiveUpdates live,
    IAfterCommit afterCommit,
    IRecordingDownloadSignal recordings,
    TimeProvider clock,
    ILogger<RecordCallEventCommandHandler> logger)
    : IRequestHandler<RecordCallEventCommand, CallEventOutcome>
{
    public const string Provider = "vapi";

    public async Task<CallEventOutcome> Handle(RecordCallEventCommand request, CancellationToken cancellationToken)
    {
        var e = request.Event;
        if (!await ledger.TryRecordAsync(Provider, e.DeliveryKey, e.ProviderType, cancellationToken))
            return CallEventOutcome.Duplicate;

        var attemptId = await FindAttemptIdAsync(e, cancellationToken);
        if (attemptId is null)
        {
            LogUnknownCall(logger, e.ProviderType, e.ProviderCallId ?? "(none)");
            return CallEventOutcome.UnknownCall;
        }

        // Two reports of one call (say a status update and the end-of-call report) must not interleave.
        await locks.LockAttemptAsync(attemptId.Value, cancellationToken);
        var attempt = await db.Attempts.IgnoreQueryFilters().SingleAsync(a => a.Id == attemptId, cancellationToken);
        db.ScopeToOrganization(attempt.OrgId);
        var now = clock.GetUtcNow();

        switch (e.Kind)
        {
            case CallEventKind.Started:
                attempt.Started(e.ProviderCallId, e.StartedAt, now);
                break;
            case CallEventKind.TranscriptUpdated:
                var known = attempt.Transcript.Count;
                attempt.TranscriptUpdated(e.ProviderCallId, e.Transcript, now);
                await db.SaveChangesAsync(cancellationToken);
                await live.TranscriptGrewAsync(attempt, known, cancellationToken);
                return CallEventOutcome.Applied;
            case CallEventKind.Failed:
                if (!attempt.Fail(e.ProviderCallId, e.EndedReason ?? "The call failed.", e.EndedAt, now)) break;
                await db.SaveChangesAsync(cancellationToken);
                await live.FailedAsync(attempt, e.EndedReason, cancellationToken);
                return CallEventOutcome.Applied;
            case CallEventKind.Ended:
                if (await completion.CompleteAsync(attempt, e, now, cancellationToken) && attempt.RecordingStatus == RecordingStatus.Pending)
                    afterCommit.Enqueue(recordings.Notify);
                break;
        }
        await db.SaveChangesAsync(cancellationToken);
        return CallEventOutcome.Applied;
    }

    private async Task<Guid?> FindAttemptIdAsync(CallEvent e, CancellationToken cancellationToken)
    {
        var attempts = db.Attempts.IgnoreQueryFilters();
        if (e.AttemptId is { } id && await attempts.AnyAsync(a => a.Id == id, cancellationToken)) return id;
        if (string.IsNullOrWhiteSpace(e.ProviderCallId)) return null;
        return await attempts.Where(a => a.ProviderCallId == e.ProviderCallId).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a {Type} webhook for call {CallId}: no attempt matches it")]
    private static partial void LogUnknownCall(ILogger logger, string type, string callId);
}
