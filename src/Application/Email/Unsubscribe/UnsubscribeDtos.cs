using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Email;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Email.Unsubscribe;

/// <summary>What an unsubscribe link is about.</summary>
/// <param name="Email">The member's address.</param>
/// <param name="Category">The emails it stops: assignment, feedback or digest.</param>
/// <param name="Subscribed">Whether the member still receives them.</param>
public sealed record UnsubscribeStatusDto(string Email, EmailCategory Category, bool Subscribed)
{
    /// <summary>How a person would name the category.</summary>
    public string Description => Category switch
    {
        EmailCategory.Assignment => "assignment emails",
        EmailCategory.Feedback => "feedback emails",
        EmailCategory.Digest => "team digests",
        _ => "these emails",
    };
}

internal static class UnsubscribeLinks
{
    public const string InvalidMessage = "This unsubscribe link is not valid (it may have been cut short). Change your email preferences in the app instead.";

    /// <summary>The token's request and its member, or a 400 on the token field.</summary>
    public static async Task<(UnsubscribeRequest Request, Member Member)> ResolveAsync(IApplicationDbContext db, IUnsubscribeTokens tokens, string? token,
        CancellationToken cancellationToken)
    {
        var request = tokens.Read(token);
        if (request is null || !EmailMessage.IsOptional(request.Category)) throw new ValidationException("token", InvalidMessage);
        db.ScopeToOrganization(request.OrgId);
        var member = await db.Members.SingleOrDefaultAsync(m => m.Id == request.MemberId, cancellationToken)
                     ?? throw new ValidationException("token", "The person this link was for is no longer a member.");
        return (request, member);
    }
}
