using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.DevSignIn;

/// <summary>A member one can sign in as in local mode, with the ids a token for them carries.</summary>
public sealed record DevSignInMemberDto
{
    public Guid MemberId { get; init; }
    public string ExternalUserId { get; init; } = "";
    public string Email { get; init; } = "";
    public string Name { get; init; } = "";
    public MemberRole Role { get; init; }
    public Guid OrgId { get; init; }
    public string OrgName { get; init; } = "";
    /// <summary>The value of the token's org claim: the org's external id, or its id when it has none.</summary>
    public string OrgClaim { get; init; } = "";
}
