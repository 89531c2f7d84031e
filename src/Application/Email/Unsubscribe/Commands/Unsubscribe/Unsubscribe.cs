using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Application.Email.Unsubscribe.Commands.Unsubscribe;

/// <summary>
/// One-click unsubscribe (RFC 8058): switches the link's category off in the member's preferences.
/// Anonymous (the signed token is the authority); doing it twice changes nothing.
/// </summary>
public sealed record UnsubscribeCommand(string? Token) : ICommand<UnsubscribeStatusDto>, IAllowedWhenReadOnly;

internal sealed class UnsubscribeCommandHandler(IApplicationDbContext db, IUnsubscribeTokens tokens, TimeProvider clock)
    : IRequestHandler<UnsubscribeCommand, UnsubscribeStatusDto>
{
    public async Task<UnsubscribeStatusDto> Handle(UnsubscribeCommand request, CancellationToken cancellationToken)
    {
        var (link, member) = await UnsubscribeLinks.ResolveAsync(db, tokens, request.Token, cancellationToken);
        var now = clock.GetUtcNow();
        var row = await db.EmailPreferences.SingleOrDefaultAsync(p => p.MemberId == member.Id, cancellationToken);
        if (row is null)
        {
            var values = EmailPreferences.DefaultFor(member.Role).Without(link.Category);
            db.EmailPreferences.Add(new EmailPreferences(member.OrgId, member.Id, values.AssignmentEmails, values.FeedbackEmails, values.Digest, now));
        }
        else
        {
            row.Unsubscribe(link.Category, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return new UnsubscribeStatusDto(member.Email, link.Category, Subscribed: false);
    }
}
