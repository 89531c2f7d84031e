using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Billing.VoiceSims;

/// <summary>
/// What buying, raising, lowering and removing a voice add-on line share: the price must be an
/// add-on's, the plan must offer it, payments must be set up and the organization must have a plan
/// subscription to hold the line (ADR 0020). Takes the organization's row lock first, so SIM counts
/// and assignments are decided one change at a time.
/// </summary>
internal sealed class VoiceAddOnLineChange(IApplicationDbContext db, IPaymentProvider payments, PlanCatalogue catalogue, IRowLocks locks, VoiceSimReclaim reclaim)
{
    public AddOn RequireAddOn(string priceId) =>
        catalogue.FindAddOnByPriceId(priceId)
        ?? throw new ValidationException("priceId", "This is not the price of a voice add-on; take one from GET /api/billing/plans.");

    /// <summary>The locked organization and its plan subscription as the payment provider has it now.</summary>
    public async Task<(Organization Org, SubscriptionSnapshot Subscription)> BeginAsync(Guid orgId, AddOn addOn, CancellationToken cancellationToken)
    {
        await locks.LockOrganizationAsync(orgId, cancellationToken);
        var org = await db.Organizations.SingleAsync(o => o.Id == orgId, cancellationToken);
        if (!addOn.AvailableOn.Contains(org.Plan))
            throw new ConflictException($"{addOn.Name} is available on the {string.Join(", ", addOn.AvailableOn)} plans; upgrade first.");
        // Stripe, or in local mode its stand-in (which charges nothing).
        if (!payments.IsConfigured && !payments.IsLocal) throw new NotConfiguredException("Stripe is not configured on this installation (set STRIPE_SECRET_KEY).");
        if (org.BillingSubscriptionId is not { } subscriptionId)
            throw new ConflictException("The organization has no plan subscription to add SIMs to: start one with POST /api/checkout/session, or ask us to add them to your contract.");
        return (org, await payments.GetSubscriptionAsync(subscriptionId, cancellationToken));
    }

    /// <summary>
    /// Reflects the subscription the provider returned at once (its subscription.updated event
    /// confirms it, and is not older than this state); SIMs assigned beyond the new count go back.
    /// </summary>
    public async Task ApplyAsync(Organization org, SubscriptionSnapshot updated, DateTimeOffset now, CancellationToken cancellationToken)
    {
        BillingSync.Apply(org, updated, catalogue, org.BillingSyncedAt ?? DateTimeOffset.UnixEpoch, now);
        // The subscription may hold fewer SIMs than recorded (lowered in Stripe's portal meanwhile).
        await reclaim.RunAsync(org, now, cancellationToken);
    }
}
