namespace VoiceTraining.Application.Identity;

/// <summary>A person as the identity provider has them.</summary>
public sealed record IdentityUser(string Id)
{
    /// <summary>The primary email address.</summary>
    public string? Email { get; init; }
    public string? Name { get; init; }
    /// <summary>The organization named in the user's public metadata (org_id), when set.</summary>
    public string? OrganizationId { get; init; }
    /// <summary>The role named in the user's public metadata (admin, manager, trainee, rep …).</summary>
    public string? Role { get; init; }
}

/// <summary>An organization as the identity provider has it.</summary>
public sealed record IdentityOrganization(string Id, string Name);

/// <summary>A person's membership of an organization at the identity provider.</summary>
public sealed record IdentityMembership(string OrganizationId, string UserId)
{
    public string? OrganizationName { get; init; }
    /// <summary>The provider's role key, e.g. org:admin, org:member, org:manager.</summary>
    public string? Role { get; init; }
    public string? Email { get; init; }
    public string? Name { get; init; }
}

/// <summary>
/// An identity-provider webhook event, already verified and translated by the adapter. Types use
/// Clerk's names: user.created/updated/deleted, organization.created/updated,
/// organizationMembership.created/updated/deleted.
/// </summary>
public sealed record IdentityEvent(string Id, string Type, DateTimeOffset OccurredAt)
{
    public IdentityUser? User { get; init; }
    public IdentityOrganization? Organization { get; init; }
    public IdentityMembership? Membership { get; init; }
}

public enum IdentityEventOutcome
{
    Applied,
    Duplicate,
    /// <summary>A type the platform does not act on, or nothing to change.</summary>
    Ignored,
    /// <summary>Names an organization not known yet: kept and retried when it arrives.</summary>
    Deferred,
}

public static class IdentityEventTypes
{
    public const string UserCreated = "user.created";
    public const string UserUpdated = "user.updated";
    public const string UserDeleted = "user.deleted";
    public const string OrganizationCreated = "organization.created";
    public const string OrganizationUpdated = "organization.updated";
    public const string MembershipCreated = "organizationMembership.created";
    public const string MembershipUpdated = "organizationMembership.updated";
    public const string MembershipDeleted = "organizationMembership.deleted";

    public static readonly IReadOnlySet<string> Handled = new HashSet<string>(StringComparer.Ordinal)
    {
        UserCreated, UserUpdated, UserDeleted, OrganizationCreated, OrganizationUpdated, MembershipCreated, MembershipUpdated, MembershipDeleted,
    };
}
