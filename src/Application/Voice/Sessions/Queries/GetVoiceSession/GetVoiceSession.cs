using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Voice.Sessions.Queries.GetVoiceSession;

/// <summary>One voice session: its member's own, or any of the organization's for an admin; anyone else's is not found.</summary>
public sealed record GetVoiceSessionQuery(Guid Id) : IQuery<VoiceSessionDto>;

internal sealed class GetVoiceSessionQueryHandler(IApplicationDbContext db, ICurrentUser user)
    : IRequestHandler<GetVoiceSessionQuery, VoiceSessionDto>
{
    public async Task<VoiceSessionDto> Handle(GetVoiceSessionQuery request, CancellationToken cancellationToken)
    {
        var me = user.RequireMemberId();
        var admin = user.IsAdmin();
        var sessions = db.VoiceSessions.AsNoTracking().Where(s => s.Id == request.Id && (admin || s.MemberId == me));
        var row = await db.Rows(sessions).SingleOrDefaultAsync(cancellationToken)
                  ?? throw new NotFoundException("Voice session", request.Id);
        return row.ToDto();
    }
}
