using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Voice.Sessions.Commands.EnforceVoiceSessionLimits;

/// <summary>What the watchdog did to one session.</summary>
public enum VoiceSessionLimitOutcome
{
    /// <summary>Gone, or ended meanwhile: nothing to do.</summary>
    NotActive,
    /// <summary>Within its limits: its running cost was brought up to now.</summary>
    Accrued,
    /// <summary>Past a limit: ended as end-session ends it, with <c>cost_limit</c> or <c>duration_limit</c>.</summary>
    Ended,
}

/// <summary>
/// The watchdog's pass over one active session (background work, no caller): accrue its running
/// cost, or end it when it has passed its circuit breaker threshold or its longest length.
/// </summary>
public sealed record EnforceVoiceSessionLimitsCommand(Guid SessionId) : ICommand<VoiceSessionLimitOutcome>;

internal sealed class EnforceVoiceSessionLimitsCommandHandler(IApplicationDbContext db, VoiceSessionEnding ending, TimeProvider clock)
    : IRequestHandler<EnforceVoiceSessionLimitsCommand, VoiceSessionLimitOutcome>
{
    public async Task<VoiceSessionLimitOutcome> Handle(EnforceVoiceSessionLimitsCommand request, CancellationToken cancellationToken)
    {
        // Across organizations (no caller): find the session's, then act for that organization only.
        var found = await db.VoiceSessions.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.Id == request.SessionId)
            .Select(s => new { s.OrgId, s.AttemptId }).SingleOrDefaultAsync(cancellationToken);
        if (found is null) return VoiceSessionLimitOutcome.NotActive;
        db.ScopeToOrganization(found.OrgId);

        var session = await ending.LockAsync(request.SessionId, found.AttemptId, cancellationToken);
        if (session is not { IsActive: true }) return VoiceSessionLimitOutcome.NotActive;
        var now = clock.GetUtcNow();
        var outcome = VoiceSessionLimitOutcome.Accrued;
        if (session.LimitPassed(now) is { } reason)
        {
            await ending.EndAsync(session, reason, now, cancellationToken);
            outcome = VoiceSessionLimitOutcome.Ended;
        }
        else
        {
            session.Accrue(now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }
}
