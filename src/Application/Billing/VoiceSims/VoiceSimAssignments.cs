using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Billing.VoiceSims;

/// <summary>
/// The organization's purchased voice AI SIMs (<see cref="Organization.VoiceSims"/>) held by its
/// members (<see cref="UserVoiceAddOn"/>): never more assigned than purchased. Callers hold the
/// organization's row lock, so two assignments, or an assignment and Stripe lowering the count,
/// cannot both take the last SIM. The sets are read past the tenant filter, by organization, so the
/// same code serves an admin's request and a provider's webhook.
/// </summary>
internal static class VoiceSimAssignments
{
    public const string BuyMore = "Buy more under Billing > Add-ons (POST /api/checkout/voice-addon), or unassign a SIM from another member.";

    public static Task<int> CountAssignedAsync(IApplicationDbContext db, Guid orgId, CancellationToken cancellationToken) =>
        db.UserVoiceAddOns.IgnoreQueryFilters().CountAsync(u => u.OrgId == orgId && u.VoiceAddOnActive, cancellationToken);

    public static async Task<UserVoiceAddOn?> FindAsync(IApplicationDbContext db, Guid orgId, Guid memberId, CancellationToken cancellationToken) =>
        db.FirstTrackedOrNull<UserVoiceAddOn>(u => u.OrgId == orgId && u.MemberId == memberId)
        ?? await db.UserVoiceAddOns.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.OrgId == orgId && u.MemberId == memberId, cancellationToken);

    /// <summary>
    /// Gives the member one of the organization's free SIMs; nothing changes when they hold one
    /// already. A deactivated member, or no SIM free, is a conflict that says what to do.
    /// </summary>
    public static async Task<UserVoiceAddOn> AssignAsync(IApplicationDbContext db, Organization org, Member member, Guid? assignedById, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var held = await FindAsync(db, org.Id, member.Id, cancellationToken);
        if (held is { VoiceAddOnActive: true }) return held;
        if (!member.IsActive)
            throw new ConflictException($"{member.Name} is deactivated: reactivate them before giving them a voice AI SIM.");
        var assigned = await CountAssignedAsync(db, org.Id, cancellationToken);
        if (assigned >= org.VoiceSims)
            throw new ConflictException(org.VoiceSims == 0
                ? $"The organization has bought no voice AI SIMs. {BuyMore}"
                : $"Every voice AI SIM the organization has bought is assigned: {assigned} of {org.VoiceSims}. {BuyMore}");
        if (held is null)
        {
            held = new UserVoiceAddOn(org.Id, member.Id, now);
            db.UserVoiceAddOns.Add(held);
        }
        held.Assign(assignedById, now);
        return held;
    }

    /// <summary>
    /// When the organization holds fewer SIMs than are assigned (Stripe lowered the line's quantity,
    /// the subscription ended), takes back the most recently assigned ones down to the count and
    /// returns the members who lost theirs, in the order taken back.
    /// </summary>
    public static async Task<IReadOnlyList<Member>> ReclaimBeyondPurchasedAsync(IApplicationDbContext db, Organization org, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var held = await db.UserVoiceAddOns.IgnoreQueryFilters()
            .Where(u => u.OrgId == org.Id && u.VoiceAddOnActive)
            .OrderByDescending(u => u.AssignedAt).ThenByDescending(u => u.Id)
            .ToListAsync(cancellationToken);
        var excess = held.Count - Math.Max(0, org.VoiceSims);
        if (excess <= 0) return [];
        var taken = held.Take(excess).ToList();
        foreach (var sim in taken) sim.Unassign(now);
        var ids = taken.Select(t => t.MemberId).ToList();
        var members = await db.Members.IgnoreQueryFilters().Where(m => m.OrgId == org.Id && ids.Contains(m.Id)).ToListAsync(cancellationToken);
        return [.. ids.Select(id => members.Single(m => m.Id == id))];
    }
}
