using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Billing;

/// <summary>How a subscription at the payment provider maps onto the organization's plan and add-ons.</summary>
internal static class BillingSync
{
    /// <summary>
    /// Applies a subscription: the plan is the line whose price is a plan's (kept as it is when no
    /// line is); add-on lines give the SIM count. False when the state is older than the one applied.
    /// </summary>
    public static bool Apply(Organization org, SubscriptionSnapshot subscription, PlanCatalogue catalogue, DateTimeOffset eventAt, DateTimeOffset now)
    {
        var status = subscription.Status;
        if (status == SubscriptionStatus.Canceled) return org.EndSubscription(catalogue.Default.Id, eventAt, now);
        var plan = subscription.Lines.Select(l => catalogue.FindPlanByPriceId(l.PriceId)).FirstOrDefault(p => p is not null)?.Id ?? org.Plan;
        var sims = subscription.Lines.Sum(l => (catalogue.FindAddOnByPriceId(l.PriceId)?.Sims ?? 0) * (int)Math.Min(l.Quantity, 1000));
        return org.ApplySubscription(plan, status, subscription.Id, subscription.PeriodStart, subscription.PeriodEnd, subscription.CancelAtPeriodEnd, sims, eventAt, now);
    }
}
