using VoiceTraining.Domain.Email;

namespace VoiceTraining.Application.Email;

/// <summary>Who an unsubscribe link is for, and what it stops.</summary>
public sealed record UnsubscribeRequest(Guid OrgId, Guid MemberId, EmailCategory Category);

/// <summary>Signed (tamper-proof) tokens of one-click unsubscribe links; they do not expire.</summary>
public interface IUnsubscribeTokens
{
    string Create(Guid orgId, Guid memberId, EmailCategory category);

    /// <summary>The request the token names, or null when it is missing, altered or not one of ours.</summary>
    UnsubscribeRequest? Read(string? token);
}
