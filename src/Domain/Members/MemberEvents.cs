using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Members;

/// <summary>A person joined an organization.</summary>
public sealed record UserAdded : DomainEvent
{
    public override string Type => "user.added";
    public Guid MemberId { get; init; }
    /// <summary>Who added them, when someone in the organization did (null for sign-ups and provider sync).</summary>
    public Guid? InviterId { get; init; }
}

/// <summary>A member's role changed (up or down).</summary>
public sealed record UserPromoted : DomainEvent
{
    public override string Type => "user.promoted";
    public Guid MemberId { get; init; }
    public MemberRole OldRole { get; init; }
    public MemberRole NewRole { get; init; }
}

/// <summary>
/// A member was deactivated (by an admin, by the identity provider, or when their account was
/// deleted). What they held for the organization, such as a voice AI SIM, goes back to it.
/// </summary>
public sealed record MemberDeactivated : DomainEvent
{
    public override string Type => "user.deactivated";
    public Guid MemberId { get; init; }
}
