using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Email.Unsubscribe.Queries.GetUnsubscribe;

/// <summary>Reads an unsubscribe link without acting on it (for the confirmation page).</summary>
public sealed record GetUnsubscribeQuery(string? Token) : IQuery<UnsubscribeStatusDto>;

internal sealed class GetUnsubscribeQueryHandler(IApplicationDbContext db, IUnsubscribeTokens tokens)
    : IRequestHandler<GetUnsubscribeQuery, UnsubscribeStatusDto>
{
    public async Task<UnsubscribeStatusDto> Handle(GetUnsubscribeQuery request, CancellationToken cancellationToken)
    {
        var (link, member) = await UnsubscribeLinks.ResolveAsync(db, tokens, request.Token, cancellationToken);
        var preferences = await EmailRecipients.PreferencesAsync(db, member, cancellationToken);
        return new UnsubscribeStatusDto(member.Email, link.Category, preferences.Allows(link.Category));
    }
}
