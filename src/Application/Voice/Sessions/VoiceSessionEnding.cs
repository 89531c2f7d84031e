using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Calls;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Voice.Sessions;

/// <summary>
/// Ending a platform voice session, the same whoever ends it (the member, an admin, the watchdog,
/// a newer session of the member's): the final cost from the measured length, the usage record, the
/// attempt completed through the Vapi calls' pipeline (transcript, KPIs, score) saying why, and the
/// member's browser told. The caller holds the session's attempt row lock and saves.
/// </summary>
public sealed class VoiceSessionEnding(IApplicationDbContext db, IRowLocks locks, CallCompletion completion, ILiveUpdates live)
{
    /// <summary>
    /// Locks the session against a concurrent ending (through its attempt's row) and reads it again,
    /// now that no other transaction can change it. Null when it does not exist for the caller.
    /// </summary>
    public async Task<VoiceSession?> LockAsync(Guid sessionId, Guid attemptId, CancellationToken cancellationToken)
    {
        await locks.LockAttemptAsync(attemptId, cancellationToken);
        return await db.VoiceSessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
    }

    /// <summary>Ends the session; false, changing nothing, when it had ended already.</summary>
    public async Task<bool> EndAsync(VoiceSession session, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!session.End(reason, now)) return false;
        var attempt = await db.Attempts.SingleAsync(a => a.Id == session.AttemptId, cancellationToken);
        await completion.CompleteSessionAsync(attempt, session, now, cancellationToken);
        // Goes out when the ending commits: the browser stops its audio and shows why.
        await live.PublishAsync(new LiveUpdate(LiveUpdateTypes.VoiceSessionEnded, session.OrgId, [session.MemberId],
            new VoiceSessionEndedUpdate(session.Id, session.AttemptId, reason)), cancellationToken);
        return true;
    }

    /// <summary>The data of the <c>voice.session.ended</c> live update.</summary>
    public sealed record VoiceSessionEndedUpdate(Guid SessionId, Guid AttemptId, string Reason);

    /// <summary>What end-session answers, for an ended session (or an active one as of <paramref name="now"/>).</summary>
    public static VoiceSessionEndedDto Result(VoiceSession session, DateTimeOffset now) => new()
    {
        SessionId = session.Id,
        AttemptId = session.AttemptId,
        Status = session.Status,
        EndedReason = session.EndReason,
        DurationSeconds = session.DurationSeconds(now),
        Cost = session.IsActive ? session.CostOf(session.Elapsed(now)) : session.RunningCost,
    };
}
