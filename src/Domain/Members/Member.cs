using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Members;

public enum MemberRole
{
    Trainee,
    Manager,
    Admin,
}

public enum MemberStatus
{
    Active,
    Deactivated,
}

/// <summary>A person in an organization.</summary>
public sealed class Member : TenantEntity
{
    /// <summary>The identity provider's user id (Clerk "user_…"); the token's <c>sub</c>.</summary>
    public string ExternalUserId { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string Name { get; private set; } = "";
    public MemberRole Role { get; private set; }
    public MemberStatus Status { get; private set; }
    /// <summary>The manager this member reports to: defines a manager's team.</summary>
    public Guid? ManagerId { get; private set; }
    public DateTimeOffset? DeactivatedAt { get; private set; }

    private Member() { }

    public Member(Guid orgId, string externalUserId, string email, string name, MemberRole role, DateTimeOffset now, Guid? addedById = null)
        : base(orgId, now)
    {
        if (string.IsNullOrWhiteSpace(externalUserId)) throw new DomainException("A member needs an external user id.");
        ExternalUserId = externalUserId.Trim();
        Email = NormalizeEmail(email);
        Name = string.IsNullOrWhiteSpace(name) ? Email : name.Trim();
        Role = role;
        Status = MemberStatus.Active;
        Raise(new UserAdded { OrgId = orgId, OccurredAt = now, MemberId = Id, InviterId = addedById });
    }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public bool IsActive => Status == MemberStatus.Active;

    public bool CanManage => Role is MemberRole.Manager or MemberRole.Admin;

    /// <summary>Changes the role; returns the previous one. Demoting the last admin is refused by the caller, which can count admins.</summary>
    public MemberRole ChangeRole(MemberRole role, DateTimeOffset now)
    {
        var old = Role;
        if (old == role) return old;
        Role = role;
        Touch(now);
        Raise(new UserPromoted { OrgId = OrgId, OccurredAt = now, MemberId = Id, OldRole = old, NewRole = role });
        return old;
    }

    public void ReportTo(Member? manager, DateTimeOffset now)
    {
        if (manager is not null)
        {
            if (manager.Id == Id) throw new DomainException("A member cannot report to themselves.");
            if (manager.OrgId != OrgId) throw new DomainException("A manager must belong to the same organization.");
            if (!manager.CanManage) throw new DomainException("Only a manager or an admin can have a team.");
        }
        ManagerId = manager?.Id;
        Touch(now);
    }

    public void Deactivate(DateTimeOffset now)
    {
        if (Status == MemberStatus.Deactivated) return;
        Status = MemberStatus.Deactivated;
        DeactivatedAt = now;
        Touch(now);
    }

    public void Reactivate(DateTimeOffset now)
    {
        Status = MemberStatus.Active;
        DeactivatedAt = null;
        Touch(now);
    }
}
