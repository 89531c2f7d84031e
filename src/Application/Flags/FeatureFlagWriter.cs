using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Email;
using VoiceTraining.Application.Email.Templates;
using VoiceTraining.Domain.Email;
using VoiceTraining.Domain.Flags;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Flags;

/// <summary>
/// Sets and clears flag settings. Each change writes the setting, its audit row and the admin
/// alert emails in the caller's unit of work, and sends a <see cref="LiveUpdateTypes.FlagChanged"/>
/// NOTIFY that commits with it (ADR 0021): every instance then drops its cached settings and tells
/// the browsers the change concerns. Authorization (who may set which scope) is the caller's.
/// </summary>
public sealed class FeatureFlagWriter(
    IApplicationDbContext db, ILiveUpdates live, FlagSettingsCache cache, IAfterCommit afterCommit, IEmailOutboxSignal emailSignal,
    IPublicUrls urls, FlagOptions options, ICurrentUser currentUser, TimeProvider clock)
{
    /// <summary>Applies <paramref name="change"/>; false when the setting already was that (nothing written, nothing sent).</summary>
    public async Task<bool> SetAsync(FlagChange change, CancellationToken cancellationToken)
    {
        if (FlagDefinitions.Find(change.Key) is null) throw new NotFoundException("Feature flag", change.Key);
        var now = clock.GetUtcNow();
        var setting = db.FirstTrackedOrNull<FeatureFlagSetting>(s => Matches(s, change))
            ?? await db.FeatureFlagSettings.SingleOrDefaultAsync(s => s.Key == change.Key && s.Scope == change.Scope
                && s.OrgId == change.OrgId && s.MemberId == change.MemberId, cancellationToken);
        var old = setting?.Enabled;
        if (old == change.Value) return false;

        var owner = change.Owner ?? new FlagSettingOwner(change.ActorId, change.Source);
        switch (change.Value)
        {
            case null:
                db.FeatureFlagSettings.Remove(setting!);
                break;
            case { } value when setting is null:
                db.FeatureFlagSettings.Add(new FeatureFlagSetting(change.Key, change.Scope, change.OrgId, change.MemberId, value, owner.SetBy, owner.Source, now));
                break;
            case { } value:
                setting.Set(value, owner.SetBy, owner.Source, now);
                break;
        }
        db.FeatureFlagChanges.Add(new FeatureFlagChange(change.Key, change.Scope, change.OrgId, change.MemberId, old, change.Value,
            change.ActorId, change.ActorName, change.Source, change.Reason, now));
        await db.SaveChangesAsync(cancellationToken);

        // Billing changes many members at once and sends its own summary to the admins.
        if (change.Source != FlagChangeSources.Billing && await AlertsAsync(change, old, now, cancellationToken) is { Count: > 0 } emails)
        {
            db.EmailMessages.AddRange(emails);
            await db.SaveChangesAsync(cancellationToken);
            afterCommit.Enqueue(emailSignal.Notify);
        }

        await live.PublishAsync(new LiveUpdate(LiveUpdateTypes.FlagChanged, change.OrgId ?? Guid.Empty,
            change.MemberId is { } member ? [member] : [],
            new { key = change.Key, scope = ScopeName(change.Scope), orgId = change.OrgId, memberId = change.MemberId, value = change.Value }), cancellationToken);
        // This instance's own cache goes at once; the NOTIFY clears it again on arrival, as on every other instance.
        afterCommit.Enqueue(cache.Clear);
        return true;
    }

    public static string ScopeName(FlagScope scope) => scope switch
    {
        FlagScope.Global => "global",
        FlagScope.Organization => "organization",
        _ => "user",
    };

    private static bool Matches(FeatureFlagSetting s, FlagChange c) =>
        s.Key == c.Key && s.Scope == c.Scope && s.OrgId == c.OrgId && s.MemberId == c.MemberId;

    private static string Describe(bool? value) => value switch { true => "on", false => "off", null => "not set" };

    /// <summary>The organization's admins (for a change in it) and the platform's alert address, if configured.</summary>
    private async Task<List<EmailMessage>> AlertsAsync(FlagChange change, bool? old, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var orgName = "";
        var target = "everyone on the platform";
        List<Member> admins = [];
        if (change.OrgId is { } orgId)
        {
            orgName = await db.Organizations.IgnoreQueryFilters().Where(o => o.Id == orgId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken) ?? "";
            target = orgName.Length == 0 ? "the organization" : $"everyone in {orgName}";
            if (change.MemberId is { } memberId)
                target = await db.Members.IgnoreQueryFilters().Where(m => m.Id == memberId).Select(m => m.Name).SingleOrDefaultAsync(cancellationToken) ?? "a member";
            admins = await EmailRecipients.SavedAdminsAsync(db, orgId, cancellationToken);
        }
        FlagChangedModel Model(string to, string? name) => new(to, name, orgName, change.Key, ScopeName(change.Scope), target,
            Describe(old), Describe(change.Value), change.ActorName, change.Reason, now, urls.BaseUrl + "/admin/flags");

        var emails = admins.Select(a => Message(change.OrgId, a.Id, a.Email, a.Name, EmailTemplates.FlagChanged(Model(a.Email, a.Name)), now)).ToList();
        if (options.AdminAlertEmail is { Length: > 0 } platform && !admins.Any(a => string.Equals(a.Email, platform, StringComparison.OrdinalIgnoreCase)))
            // The outbox is tenant data (row-level security): a global change's alert is filed under the
            // organization the operator acted from, as a row of no organization cannot be written there.
            emails.Add(Message(change.OrgId ?? currentUser.OrgId, null, platform, null, EmailTemplates.FlagChanged(Model(platform, null)), now));
        return emails;
    }

    private static EmailMessage Message(Guid? orgId, Guid? memberId, string to, string? name, RenderedEmail rendered, DateTimeOffset now) =>
        new(orgId, memberId, to, name, EmailTemplateNames.FlagChanged, EmailCategory.Essential, rendered.Subject, rendered.Html, rendered.Text, null, null, null, now);
}
