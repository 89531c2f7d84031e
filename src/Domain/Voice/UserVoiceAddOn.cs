using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Voice;

/// <summary>
/// A voice AI SIM held by one member (the spec's <c>user_voice_addons</c>): the organization buys
/// SIMs as a line of its subscription and an admin assigns them to members. A member whose SIM is
/// active has voice AI, unless a flag setting turns it off.
/// </summary>
public sealed class UserVoiceAddOn : TenantEntity
{
    public Guid MemberId { get; private set; }
    public bool VoiceAddOnActive { get; private set; }
    public DateTimeOffset? AssignedAt { get; private set; }
    public Guid? AssignedById { get; private set; }
    public DateTimeOffset? UnassignedAt { get; private set; }

    private UserVoiceAddOn() { }

    public UserVoiceAddOn(Guid orgId, Guid memberId, DateTimeOffset now) : base(orgId, now)
    {
        MemberId = memberId;
    }

    /// <summary>Gives the member a SIM; true when that changed anything.</summary>
    public bool Assign(Guid? assignedById, DateTimeOffset now)
    {
        if (VoiceAddOnActive) return false;
        VoiceAddOnActive = true;
        AssignedAt = now;
        AssignedById = assignedById;
        UnassignedAt = null;
        Touch(now);
        return true;
    }

    /// <summary>Takes the member's SIM back; true when that changed anything.</summary>
    public bool Unassign(DateTimeOffset now)
    {
        if (!VoiceAddOnActive) return false;
        VoiceAddOnActive = false;
        UnassignedAt = now;
        Touch(now);
        return true;
    }
}
