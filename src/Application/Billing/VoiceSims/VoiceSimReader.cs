using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Flags;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Billing.VoiceSims;

/// <summary>
/// The SIMs of the caller's organization and the members holding them, as the Billing screen shows
/// them, with each member's effective <c>voice_ai_enabled</c> as the flag evaluator answers it.
/// </summary>
internal sealed class VoiceSimReader(IApplicationDbContext db, IFeatureFlags flags, PlanCatalogue catalogue)
{
    public async Task<VoiceSimsDto> OrganizationAsync(Guid orgId, CancellationToken cancellationToken)
    {
        var org = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == orgId, cancellationToken);
        var purchased = org.VoiceSims;
        // A line whose price left the catalogue (renamed in configuration) still shows; it makes no SIMs.
        var lines = org.VoiceAddOnLines
            .Select(l => catalogue.FindAddOnByPriceId(l.PriceId) is { } addOn
                ? new VoiceAddOnLineDto(l.PriceId, addOn.Id, addOn.Name, addOn.Sims, l.Quantity, addOn.Sims * l.Quantity)
                : new VoiceAddOnLineDto(l.PriceId, "", l.PriceId, 0, l.Quantity, 0))
            .ToList();
        var members = await db.Members.Where(m => m.Status == MemberStatus.Active).OrderBy(m => m.Name).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        var sims = await db.UserVoiceAddOns.Where(u => u.VoiceAddOnActive).ToDictionaryAsync(u => u.MemberId, cancellationToken);
        var rows = new List<VoiceSimMemberDto>(members.Count);
        foreach (var member in members) rows.Add(await RowAsync(member, sims.GetValueOrDefault(member.Id), cancellationToken));
        // Every assigned SIM counts, a deactivated member's too (deactivation frees it, so there are none).
        var assigned = sims.Count;
        return new VoiceSimsDto(purchased, assigned, Math.Max(0, purchased - assigned), lines, rows);
    }

    public async Task<VoiceSimMemberDto> MemberAsync(Member member, CancellationToken cancellationToken)
    {
        var sim = await VoiceSimAssignments.FindAsync(db, member.OrgId, member.Id, cancellationToken);
        return await RowAsync(member, sim is { VoiceAddOnActive: true } ? sim : null, cancellationToken);
    }

    /// <summary>The member's row; <paramref name="sim"/> is their SIM when they hold one.</summary>
    private async Task<VoiceSimMemberDto> RowAsync(Member member, UserVoiceAddOn? sim, CancellationToken cancellationToken)
    {
        var enabled = await flags.IsEnabledAsync(member.OrgId, member.Id, FlagKeys.VoiceAiEnabled, cancellationToken);
        return new VoiceSimMemberDto(member.Id, member.Name, member.Email, member.Role, sim is not null, sim?.AssignedAt, enabled);
    }
}
