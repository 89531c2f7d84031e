using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Billing;

/// <summary>How a subscription at the payment provider maps onto the organization's plan and add-ons.</summary>
internal static class BillingSync
{
    /// <summary>
    /// Whether the subscription is the organization's plan subscription, the only one whose events
    /// set its plan, status, period and SIMs: the one it already has, or one holding a plan's price.
    /// A subscription of add-ons alone (bought in a checkout of its own, before add-ons became lines
    /// of the plan subscription) or anyone else's must not take over: applying it would put its id
    /// over the plan subscription's and its SIMs over the plan's, and its end would end the plan.
    /// </summary>
    public static bool IsPlanSubscription(Organization org, SubscriptionSnapshot subscription, PlanCatalogue catalogue) =>
        subscription.Id == org.BillingSubscriptionId
        || subscription.Lines.Any(l => catalogue.FindPlanByPriceId(l.PriceId) is not null);

    /// <summary>Whether an invoice of this subscription speaks for the plan's payments (none named, or the plan subscription's).</summary>
    public static bool IsPlanInvoice(Organization org, string? invoiceSubscriptionId) =>
        invoiceSubscriptionId is null || org.BillingSubscriptionId is null || invoiceSubscriptionId == org.BillingSubscriptionId;

    /// <summary>
    /// Applies a subscription: the plan is the line whose price is a plan's (kept as it is when no
    /// line is); add-on lines give the SIM count. False when the state is older than the one applied.
    /// </summary>
    public static bool Apply(Organization org, SubscriptionSnapshot subscription, PlanCatalogue catalogue, DateTimeOffset eventAt, DateTimeOffset now)
    {
        var status = subscription.Status;
        if (status == SubscriptionStatus.Canceled) return org.EndSubscription(catalogue.Default.Id, eventAt, now);
        var plan = subscription.Lines.Select(l => catalogue.FindPlanByPriceId(l.PriceId)).FirstOrDefault(p => p is not null)?.Id ?? org.Plan;
        var addOns = AddOnLines(subscription, catalogue);
        var sims = SimsOf(addOns, catalogue);
        return org.ApplySubscription(plan, status, subscription.Id, subscription.PeriodStart, subscription.PeriodEnd, subscription.CancelAtPeriodEnd, sims, addOns,
            eventAt, now);
    }

    /// <summary>The subscription's voice add-on lines (quantities capped: a typo in a dashboard must not overflow the count).</summary>
    public static List<VoiceAddOnLine> AddOnLines(SubscriptionSnapshot subscription, PlanCatalogue catalogue) =>
        [.. subscription.Lines
            .Where(l => catalogue.FindAddOnByPriceId(l.PriceId) is not null)
            .Select(l => new VoiceAddOnLine(l.PriceId, (int)Math.Min(l.Quantity, 1000)))];

    /// <summary>The SIMs these add-on lines make: single SIMs plus 3 per bundle.</summary>
    public static int SimsOf(IEnumerable<VoiceAddOnLine> lines, PlanCatalogue catalogue) =>
        lines.Sum(l => (catalogue.FindAddOnByPriceId(l.PriceId)?.Sims ?? 0) * l.Quantity);
}
