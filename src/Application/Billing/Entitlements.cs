using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Application.Billing;

/// <summary>The billing period usage is counted in: the subscription's, else the calendar month (UTC).</summary>
public sealed record BillingPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    public static BillingPeriod Of(Organization org, DateTimeOffset now)
    {
        if (org.CurrentPeriodStart is { } start && org.CurrentPeriodEnd is { } end && start <= now && now < end) return new(start, end);
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return new(monthStart, monthStart.AddMonths(1));
    }
}

/// <summary>
/// What the organization's plan allows, checked where the use cases act: seats when a member is
/// added, published scenarios when one is published, voice minutes when a call starts, features
/// (webhooks, API access) when they are set up. Refusals say which limit, the numbers, and how to
/// raise it (a 403 with <c>limit</c>, <c>allowed</c>, <c>used</c>).
/// </summary>
public sealed class Entitlements(IApplicationDbContext db, PlanCatalogue catalogue, TimeProvider clock, Flags.IFeatureFlags flags)
{
    private const string Upgrade = "Upgrade the plan in Settings > Billing.";

    public async Task<(Organization Org, Plan Plan)> PlanOfAsync(Guid orgId, CancellationToken cancellationToken)
    {
        var org = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == orgId, cancellationToken);
        return (org, catalogue.FindPlan(org.Plan) ?? catalogue.Default);
    }

    public async Task EnsureSeatAvailableAsync(Guid orgId, CancellationToken cancellationToken)
    {
        var (plan, seats, used) = await SeatsAsync(orgId, cancellationToken);
        if (used >= seats)
            throw new PlanLimitException("seats", $"The {plan.Name} plan includes {seats} seats and all are taken. Deactivate a member or upgrade: {Upgrade}", seats, used, plan.Id);
    }

    /// <summary>Whether one more active member fits the plan (for syncs that must not fail, only adapt).</summary>
    public async Task<bool> HasSeatAvailableAsync(Guid orgId, CancellationToken cancellationToken)
    {
        var (_, seats, used) = await SeatsAsync(orgId, cancellationToken);
        return used < seats;
    }

    /// <summary>The plan's seats (int.MaxValue when unlimited) and the active members using them.</summary>
    private async Task<(Plan Plan, int Seats, int Used)> SeatsAsync(Guid orgId, CancellationToken cancellationToken)
    {
        var (_, plan) = await PlanOfAsync(orgId, cancellationToken);
        if (plan.Entitlements.Seats is not { } seats) return (plan, int.MaxValue, 0);
        var used = await db.Members.IgnoreQueryFilters().CountAsync(m => m.OrgId == orgId && m.Status == MemberStatus.Active, cancellationToken);
        return (plan, seats, used);
    }

    public async Task EnsureCanPublishAsync(Guid orgId, CancellationToken cancellationToken)
    {
        var (_, plan) = await PlanOfAsync(orgId, cancellationToken);
        if (plan.Entitlements.PublishedScenarios is not { } allowed) return;
        var used = await db.Scenarios.IgnoreQueryFilters().CountAsync(s => s.OrgId == orgId && s.Status == ScenarioStatus.Published, cancellationToken);
        if (used >= allowed)
            throw new PlanLimitException("published_scenarios", $"The {plan.Name} plan allows {allowed} published scenarios. Archive one or upgrade: {Upgrade}", allowed, used, plan.Id);
    }

    public async Task EnsureVoiceMinutesLeftAsync(Guid orgId, CancellationToken cancellationToken)
    {
        var (org, plan) = await PlanOfAsync(orgId, cancellationToken);
        if (plan.Entitlements.VoiceMinutesPerMonth is not { } allowed) return;
        var used = await VoiceMinutesUsedAsync(org, cancellationToken);
        if (used >= allowed)
            throw new PlanLimitException("voice_minutes", $"This billing period's {allowed} voice minutes of the {plan.Name} plan are used up. They renew with the next period, or {Upgrade}", allowed, (long)Math.Ceiling(used), plan.Id);
    }

    public async Task EnsureFeatureAsync(Guid orgId, string feature, CancellationToken cancellationToken)
    {
        var (_, plan) = await PlanOfAsync(orgId, cancellationToken);
        if (!plan.Entitlements.Has(feature))
        {
            var with = catalogue.Plans.FirstOrDefault(p => p.Entitlements.Has(feature))?.Name ?? "a higher plan";
            throw new PlanLimitException(feature, $"The {plan.Name} plan does not include {feature.Replace('_', ' ')}; {with} does. {Upgrade}", plan: plan.Id);
        }
        // The plan has it; the organization's switch (the same evaluator members are asked through) may still be off.
        if (!await flags.IsEnabledForOrganizationAsync(orgId, feature, cancellationToken))
            throw new ForbiddenException($"The feature \"{feature}\" is switched off for your organization (Settings > Feature flags).");
    }

    public async Task<decimal> VoiceMinutesUsedAsync(Organization org, CancellationToken cancellationToken)
    {
        var period = BillingPeriod.Of(org, clock.GetUtcNow());
        return await db.VoiceUsageRecords.IgnoreQueryFilters()
            .Where(u => u.OrgId == org.Id && u.CreatedAt >= period.Start && u.CreatedAt < period.End)
            .SumAsync(u => (decimal?)u.Minutes, cancellationToken) ?? 0m;
    }
}
