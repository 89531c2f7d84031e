using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Voice.Sessions.Commands.EndVoiceSession;

/// <summary>
/// Ends a voice session (its member, or an admin of the organization): final cost, usage record,
/// the attempt completed and scored. Idempotent: a session that has ended answers how it ended.
/// </summary>
public sealed record EndVoiceSessionCommand : ICommand<VoiceSessionEndedDto>
{
    public Guid SessionId { get; init; }
}

internal sealed class EndVoiceSessionCommandHandler(IApplicationDbContext db, ICurrentUser user, VoiceSessionEnding ending, TimeProvider clock)
    : IRequestHandler<EndVoiceSessionCommand, VoiceSessionEndedDto>
{
    public async Task<VoiceSessionEndedDto> Handle(EndVoiceSessionCommand request, CancellationToken cancellationToken)
    {
        var me = user.RequireMemberId();
        var admin = user.IsAdmin();
        // Someone else's session is invisible, as another organization's is (404, not 403).
        var found = await db.VoiceSessions.AsNoTracking()
                        .Where(s => s.Id == request.SessionId && (admin || s.MemberId == me))
                        .Select(s => new { s.AttemptId }).SingleOrDefaultAsync(cancellationToken)
                    ?? throw new NotFoundException("Voice session", request.SessionId);

        var session = await ending.LockAsync(request.SessionId, found.AttemptId, cancellationToken)
                      ?? throw new NotFoundException("Voice session", request.SessionId);
        var now = clock.GetUtcNow();
        if (await ending.EndAsync(session, VoiceSessionEndReasons.Completed, now, cancellationToken))
            await db.SaveChangesAsync(cancellationToken);
        return VoiceSessionEnding.Result(session, now);
    }
}
