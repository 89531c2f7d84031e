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
    /// <summary>When the person's account was deleted and their personal data removed; scores and statistics stay.</summary>
    public DateTimeOffset? AnonymizedAt { get; private set; }

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

    public bool IsAnonymized => AnonymizedAt is not null;

    /// <summary>The name shown for a member whose account was deleted.</summary>
    public const string AnonymizedName = "Deleted user";

    /// <summary>Takes the email and name the identity provider has now.</summary>
    public void SyncProfile(string email, string? name, DateTimeOffset now)
    {
        if (IsAnonymized) return;
        if (!string.IsNullOrWhiteSpace(email)) Email = NormalizeEmail(email);
        if (!string.IsNullOrWhiteSpace(name)) Name = name.Trim();
        Touch(now);
    }

    /// <summary>Links a member invited by email (placeholder id) to their identity-provider account.</summary>
    public void LinkExternalUser(string externalUserId, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(externalUserId)) throw new DomainException("A member needs an external user id.");
        ExternalUserId = externalUserId.Trim();
        Touch(now);
    }

    /// <summary>
    /// The person deleted their account: name, email and the link to the identity provider are
    /// replaced, the membership ends; attempts, scores and statistics stay, attributed to "Deleted user".
    /// </summary>
    public void Anonymize(DateTimeOffset now)
    {
        if (IsAnonymized) return;
        Name = AnonymizedName;
        Email = $"deleted-{Id:N}@anonymized.invalid";
        ExternalUserId = $"deleted_{Id:N}";
        Deactivate(now);
        AnonymizedAt = now;
        Touch(now);
    }

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
        Raise(new MemberDeactivated { OrgId = OrgId, OccurredAt = now, MemberId = Id });
    }

    public void Reactivate(DateTimeOffset now)
    {
        Status = MemberStatus.Active;
        DeactivatedAt = null;
        Touch(now);
    }
}

/// <summary>Role names as identity providers and tokens spell them.</summary>
public static class MemberRoles
{
    /// <summary>
    /// Maps the names identity providers use: Clerk's org:admin / org:member / custom org:manager,
    /// SalesPulse's rep for a trainee, and the platform's own names. Null when unknown.
    /// </summary>
    public static MemberRole? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var name = value.Trim().ToLowerInvariant();
        if (name.StartsWith("org:", StringComparison.Ordinal)) name = name[4..];
        return name switch
        {
            "admin" or "owner" => MemberRole.Admin,
            "manager" => MemberRole.Manager,
            "trainee" or "member" or "basic_member" or "rep" => MemberRole.Trainee,
            _ => null,
        };
    }
}
