using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Members.Commands.AddMember;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Identity;

/// <summary>What applying an identity event did; <see cref="AwaitedOrganization"/> is set when it must wait for one.</summary>
public sealed record IdentitySyncResult(IdentityEventOutcome Outcome, string? AwaitedOrganization = null, string? Reason = null)
{
    public static readonly IdentitySyncResult Applied = new(IdentityEventOutcome.Applied);
    public static IdentitySyncResult Ignored(string reason) => new(IdentityEventOutcome.Ignored, Reason: reason);
    public static IdentitySyncResult Waiting(string organization) =>
        new(IdentityEventOutcome.Deferred, organization, $"Organization {organization} is not known yet; the event is kept until organization.created arrives.");
}

/// <summary>
/// Keeps organizations and members in step with the identity provider (Clerk): creates, links,
/// updates, removes and anonymizes, raising the same domain events (user.added, user.promoted) as
/// the platform's own member commands. The caller saves.
/// </summary>
public sealed partial class IdentitySync(IApplicationDbContext db, IRowLocks locks, Entitlements entitlements, ITenantDirectory directory,
    TimeProvider clock, ILogger<IdentitySync> logger)
{
    public async Task<IdentitySyncResult> ApplyAsync(IdentityEvent e, CancellationToken cancellationToken) => e.Type switch
    {
        IdentityEventTypes.UserCreated or IdentityEventTypes.UserUpdated => await UserChangedAsync(e, Require(e.User, e), cancellationToken),
        IdentityEventTypes.UserDeleted => await UserDeletedAsync(Require(e.User, e).Id, cancellationToken),
        IdentityEventTypes.OrganizationCreated or IdentityEventTypes.OrganizationUpdated => await OrganizationChangedAsync(Require(e.Organization, e), cancellationToken),
        IdentityEventTypes.MembershipCreated or IdentityEventTypes.MembershipUpdated => await MembershipChangedAsync(Require(e.Membership, e), cancellationToken),
        IdentityEventTypes.MembershipDeleted => await MembershipDeletedAsync(Require(e.Membership, e), cancellationToken),
        _ => IdentitySyncResult.Ignored($"{e.Type} is not an event the platform acts on."),
    };

    private static T Require<T>(T? part, IdentityEvent e) where T : class =>
        part ?? throw new ValidationException("data", $"The {e.Type} event carries no {typeof(T).Name.Replace("Identity", "").ToLowerInvariant()}.");

    private async Task<IdentitySyncResult> UserChangedAsync(IdentityEvent e, IdentityUser user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var role = MemberRoles.Parse(user.Role);
        var existing = await db.Members.IgnoreQueryFilters().Where(m => m.ExternalUserId == user.Id).ToListAsync(cancellationToken);
        Organization? org = null;
        if (user.OrganizationId is not null)
        {
            org = await FindOrganizationAsync(user.OrganizationId, cancellationToken);
            if (org is null) return IdentitySyncResult.Waiting(user.OrganizationId);
        }
        // The role in public metadata belongs to the organization named beside it.
        foreach (var member in existing)
        {
            if (user.Email is not null) member.SyncProfile(user.Email, user.Name, now);
            if (org is not null && member.OrgId == org.Id && role is { } r) member.ChangeRole(r, now);
            directory.Invalidate(member.Id);
        }

        if (org is not null && existing.All(m => m.OrgId != org.Id))
        {
            await JoinAsync(org, user.Id, user.Email, user.Name, role ?? MemberRole.Trainee, cancellationToken);
            return IdentitySyncResult.Applied;
        }
        if (org is null && existing.Count == 0)
        {
            LogUserWithoutOrganization(logger, user.Id, e.Type);
            return IdentitySyncResult.Ignored(
                "The user has no org_id in public_metadata and no membership yet; they join when an organization membership (or metadata with org_id) arrives.");
        }
        return IdentitySyncResult.Applied;
    }

    private async Task<IdentitySyncResult> UserDeletedAsync(string userId, CancellationToken cancellationToken)
    {
        var members = await db.Members.IgnoreQueryFilters().Where(m => m.ExternalUserId == userId).ToListAsync(cancellationToken);
        if (members.Count == 0) return IdentitySyncResult.Ignored("No member has this user id.");
        var now = clock.GetUtcNow();
        foreach (var member in members)
        {
            var names = PersonalDataRedactor.NameForms(member.Name == member.Email ? null : member.Name);
            var attempts = await db.Attempts.IgnoreQueryFilters().Where(a => a.OrgId == member.OrgId && a.MemberId == member.Id).ToListAsync(cancellationToken);
            foreach (var attempt in attempts) attempt.RedactNames(names, now);
            // Their emails hold their address, name and results: the outbox forgets them, sent or not.
            await db.EmailMessages.Where(e => e.MemberId == member.Id).ExecuteDeleteAsync(cancellationToken);
            member.Anonymize(now);
            directory.Invalidate(member.Id);
        }
        return IdentitySyncResult.Applied;
    }

    private async Task<IdentitySyncResult> OrganizationChangedAsync(IdentityOrganization organization, CancellationToken cancellationToken)
    {
        var org = await FindOrganizationAsync(organization.Id, cancellationToken);
        if (org is null)
            db.Organizations.Add(new Organization(string.IsNullOrWhiteSpace(organization.Name) ? organization.Id : organization.Name, organization.Id, clock.GetUtcNow()));
        else if (!string.IsNullOrWhiteSpace(organization.Name))
            org.Rename(organization.Name);
        return IdentitySyncResult.Applied;
    }

    private async Task<IdentitySyncResult> MembershipChangedAsync(IdentityMembership membership, CancellationToken cancellationToken)
    {
        var org = await FindOrganizationAsync(membership.OrganizationId, cancellationToken);
        if (org is null) return IdentitySyncResult.Waiting(membership.OrganizationId);
        await locks.LockOrganizationAsync(org.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var role = MemberRoles.Parse(membership.Role) ?? MemberRole.Trainee;
        var member = await db.Members.IgnoreQueryFilters().SingleOrDefaultAsync(m => m.OrgId == org.Id && m.ExternalUserId == membership.UserId, cancellationToken);
        if (member is null)
        {
            await JoinAsync(org, membership.UserId, membership.Email, membership.Name, role, cancellationToken, locked: true);
            return IdentitySyncResult.Applied;
        }
        if (member.IsAnonymized) return IdentitySyncResult.Ignored("The member's account was deleted.");
        if (!member.IsActive && await entitlements.HasSeatAvailableAsync(org.Id, cancellationToken)) member.Reactivate(now);
        member.ChangeRole(role, now);
        if (membership.Email is not null) member.SyncProfile(membership.Email, membership.Name, now);
        directory.Invalidate(member.Id);
        return IdentitySyncResult.Applied;
    }

    private async Task<IdentitySyncResult> MembershipDeletedAsync(IdentityMembership membership, CancellationToken cancellationToken)
    {
        var org = await FindOrganizationAsync(membership.OrganizationId, cancellationToken);
        if (org is null) return IdentitySyncResult.Ignored("The organization is not known, so there is no membership to remove.");
        var member = await db.Members.IgnoreQueryFilters().SingleOrDefaultAsync(m => m.OrgId == org.Id && m.ExternalUserId == membership.UserId, cancellationToken);
        if (member is null) return IdentitySyncResult.Ignored("No such member.");
        member.Deactivate(clock.GetUtcNow());
        directory.Invalidate(member.Id);
        return IdentitySyncResult.Applied;
    }

    /// <summary>
    /// Adds the person to the organization: links a member an admin invited by email, else creates
    /// one. Beyond the plan's seats the member is created deactivated (an admin can reactivate them
    /// after freeing a seat or upgrading) rather than lost.
    /// </summary>
    private async Task JoinAsync(Organization org, string userId, string? email, string? name, MemberRole role, CancellationToken cancellationToken, bool locked = false)
    {
        if (!locked) await locks.LockOrganizationAsync(org.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var normalized = email is null ? null : Member.NormalizeEmail(email);
        var invited = normalized is null ? null : await db.Members.IgnoreQueryFilters()
            .SingleOrDefaultAsync(m => m.OrgId == org.Id && m.Email == normalized && m.ExternalUserId.StartsWith(AddMemberCommandHandler.InvitePrefix), cancellationToken);
        if (invited is not null)
        {
            invited.LinkExternalUser(userId, now);
            invited.SyncProfile(normalized!, name, now);
            if (invited.Role != role) invited.ChangeRole(role, now);
            directory.Invalidate(invited.Id);
            return;
        }
        var seat = await entitlements.HasSeatAvailableAsync(org.Id, cancellationToken);
        var member = new Member(org.Id, userId, normalized ?? $"{userId}@unknown.invalid", name ?? "", role, now);
        if (!seat)
        {
            member.Deactivate(now);
            LogNoSeat(logger, userId, org.Id);
        }
        db.Members.Add(member);
    }

    /// <summary>By the provider's organization id, or by the platform's own id when metadata holds that.</summary>
    private Task<Organization?> FindOrganizationAsync(string id, CancellationToken cancellationToken)
    {
        var isUuid = Guid.TryParse(id, out var uuid);
        return db.Organizations.FirstOrDefaultAsync(o => o.ExternalId == id || (isUuid && o.Id == uuid), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity user {UserId} ({Type}) has no org_id in public_metadata and no organization membership yet; set public_metadata.org_id at sign-up or add them to an organization")]
    private static partial void LogUserWithoutOrganization(ILogger logger, string userId, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity user {UserId} joined organization {OrgId} beyond its plan's seats: added deactivated until a seat is free")]
    private static partial void LogNoSeat(ILogger logger, string userId, Guid orgId);
}
