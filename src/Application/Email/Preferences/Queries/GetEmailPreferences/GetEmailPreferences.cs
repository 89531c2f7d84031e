using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Application.Email.Preferences.Queries.GetEmailPreferences;

/// <summary>The caller's email preferences (their role's defaults until they change them).</summary>
public sealed record GetEmailPreferencesQuery : IQuery<EmailPreferencesDto>;

internal sealed class GetEmailPreferencesQueryHandler(IApplicationDbContext db, ICurrentUser user)
    : IRequestHandler<GetEmailPreferencesQuery, EmailPreferencesDto>
{
    public async Task<EmailPreferencesDto> Handle(GetEmailPreferencesQuery request, CancellationToken cancellationToken)
    {
        var memberId = user.RequireMemberId();
        var role = await db.Members.Where(m => m.Id == memberId).Select(m => (Domain.Members.MemberRole?)m.Role).SingleOrDefaultAsync(cancellationToken)
                   ?? throw new NotFoundException("Member", memberId);
        var row = await db.EmailPreferences.AsNoTracking().SingleOrDefaultAsync(p => p.MemberId == memberId, cancellationToken);
        return EmailPreferencesDto.From(row?.Values ?? EmailPreferences.DefaultFor(role), row is null);
    }
}
