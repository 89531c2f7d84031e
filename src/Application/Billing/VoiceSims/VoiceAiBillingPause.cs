using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing.Commands.ProcessBillingEvent;
using VoiceTraining.Application.Flags;
using VoiceTraining.Domain.Flags;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Application.Billing.VoiceSims;

/// <summary>
/// Voice AI follows the plan subscription's invoices (SalesPulse §7): an unpaid one switches
/// <c>voice_ai_enabled</c> off for every member holding a SIM, as a user setting written by billing;
/// a paid one takes billing's settings away, so each member is back where they were. An admin's
/// own settings are theirs: an "off" is left as it is and not counted; an "on" is overwritten for
/// the pause (one user setting per member) and written back as the admin's when it ends. Each change goes
/// through <see cref="FeatureFlagWriter"/> (audit row, NOTIFY to every instance and browser), and the
/// admins get one summary email.
/// </summary>
internal sealed class VoiceAiBillingPause(IApplicationDbContext db, FeatureFlagWriter writer, VoiceSimEmails emails)
{
    public const string Actor = "billing";
    public const string ActorName = "Billing";

    /// <summary>An invoice of the plan subscription failed: voice AI off for the SIM holders; returns how many it changed.</summary>
    public async Task<int> PauseAsync(Organization org, InvoiceInfo invoice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var holders = await db.UserVoiceAddOns.IgnoreQueryFilters()
            .Where(u => u.OrgId == org.Id && u.VoiceAddOnActive)
            .OrderBy(u => u.AssignedAt).Select(u => u.MemberId)
            .ToListAsync(cancellationToken);
        var reason = $"Invoice {Name(invoice)} of the subscription is unpaid: voice AI is paused until it is paid.";
        var paused = 0;
        foreach (var memberId in holders)
            if (await writer.SetAsync(Change(org, memberId, false, reason), cancellationToken)) paused++;
        await emails.PausedAsync(org, paused, invoice.Number, now, cancellationToken);
        return paused;
    }

    /// <summary>
    /// A member given a SIM while the subscription is past due is paused like the others, until the
    /// invoice is paid (otherwise a new SIM would bring voice AI back during the pause).
    /// </summary>
    /// <returns>Whether the member was paused.</returns>
    public async Task<bool> PauseNewHolderAsync(Organization org, Guid memberId, CancellationToken cancellationToken)
    {
        if (org.SubscriptionStatus != SubscriptionStatus.PastDue) return false;
        return await writer.SetAsync(Change(org, memberId, false, "The subscription has an unpaid invoice: voice AI is paused until it is paid."), cancellationToken);
    }

    /// <summary>
    /// An invoice of the plan subscription was paid: billing's own off settings go, each member's
    /// back to what it was before the pause: cleared, or an admin's "on" (which the pause had to
    /// overwrite, a user setting being one per member) written back as that admin's. Returns how many.
    /// </summary>
    public async Task<int> RestoreAsync(Organization org, InvoiceInfo invoice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var paused = await db.FeatureFlagSettings
            .Where(s => s.Key == FlagKeys.VoiceAiEnabled && s.Scope == FlagScope.User && s.OrgId == org.Id && s.Source == FlagChangeSources.Billing && !s.Enabled)
            .Select(s => s.MemberId!.Value)
            .ToListAsync(cancellationToken);
        var displaced = await DisplacedOwnersAsync(org, paused, cancellationToken);
        var reason = $"Invoice {Name(invoice)} of the subscription is paid: voice AI is no longer paused.";
        var restored = 0;
        foreach (var memberId in paused)
        {
            var change = displaced.TryGetValue(memberId, out var owner)
                ? Change(org, memberId, true, reason + " The admin's setting from before the pause is back.") with { Owner = owner }
                : Change(org, memberId, null, reason);
            if (await writer.SetAsync(change, cancellationToken)) restored++;
        }
        await emails.RestoredAsync(org, restored, invoice.Number, now, cancellationToken);
        return restored;
    }

    /// <summary>
    /// For each paused member whose pause overwrote an "on" setting, who had set it, read from the
    /// audit trail: the latest billing pause says the value it replaced, the change before it who made it.
    /// </summary>
    private async Task<Dictionary<Guid, FlagSettingOwner>> DisplacedOwnersAsync(Organization org, List<Guid> members, CancellationToken cancellationToken)
    {
        if (members.Count == 0) return [];
        var history = await db.FeatureFlagChanges
            .Where(c => c.Key == FlagKeys.VoiceAiEnabled && c.Scope == FlagScope.User && c.OrgId == org.Id && members.Contains(c.MemberId!.Value))
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id)
            .Select(c => new { MemberId = c.MemberId!.Value, c.OldValue, c.NewValue, c.Source, c.ChangedBy })
            .ToListAsync(cancellationToken);
        var owners = new Dictionary<Guid, FlagSettingOwner>();
        foreach (var changes in history.GroupBy(c => c.MemberId))
        {
            var newestFirst = changes.ToList();
            var pause = newestFirst.FindIndex(c => c.Source == FlagChangeSources.Billing && c.NewValue == false);
            if (pause < 0 || newestFirst[pause].OldValue != true) continue;
            if (newestFirst.Skip(pause + 1).FirstOrDefault(c => c.NewValue == true) is { } before)
                owners[changes.Key] = new FlagSettingOwner(before.ChangedBy, before.Source);
        }
        return owners;
    }

    private static FlagChange Change(Organization org, Guid memberId, bool? value, string reason) =>
        new(FlagKeys.VoiceAiEnabled, FlagScope.User, org.Id, memberId, value, Actor, ActorName, FlagChangeSources.Billing, reason);

    private static string Name(InvoiceInfo invoice) => invoice.Number ?? invoice.Id;
}
