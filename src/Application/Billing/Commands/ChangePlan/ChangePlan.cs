using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Billing.Commands.ChangePlan;

/// <summary>POST /api/billing/change-plan: moves the subscription to another plan, prorated.</summary>
public sealed record ChangePlanCommand : ICommand<BillingPlanChangeDto>, IAllowedWhenReadOnly
{
    public string PriceId { get; init; } = "";
}

internal sealed class ChangePlanCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, PlanCatalogue catalogue, IRowLocks locks,
    VoiceSims.VoiceSimReclaim reclaim, TimeProvider clock)
    : IRequestHandler<ChangePlanCommand, BillingPlanChangeDto>
{
    public async Task<BillingPlanChangeDto> Handle(ChangePlanCommand request, CancellationToken cancellationToken)
    {
        var target = catalogue.FindPlanByPriceId(request.PriceId)
                     ?? throw new ValidationException("priceId", "This is not the price of a plan; take one from GET /api/billing/plans.");
        if (!payments.IsConfigured) throw new NotConfiguredException("Stripe is not configured on this installation (set STRIPE_SECRET_KEY).");
        var orgId = user.RequireOrgId();
        await locks.LockOrganizationAsync(orgId, cancellationToken);
        var org = await db.Organizations.SingleAsync(o => o.Id == orgId, cancellationToken);
        if (org.BillingSubscriptionId is not { } subscriptionId)
            throw new ConflictException("The organization has no subscription to change: start one with POST /api/checkout/session.");
        if (org.Plan == target.Id) return new BillingPlanChangeDto(org.Plan, org.SubscriptionStatus, org.CurrentPeriodEnd);

        var subscription = await payments.GetSubscriptionAsync(subscriptionId, cancellationToken);
        var line = subscription.Lines.FirstOrDefault(l => catalogue.FindPlanByPriceId(l.PriceId) is not null)
                   ?? throw new ConflictException("The subscription has no plan line to change; use the billing portal.");
        var updated = await payments.ChangeLinePriceAsync(subscriptionId, line.ItemId, request.PriceId, cancellationToken);
        // Reflect it now; the provider's subscription.updated event confirms it (it is not older than this state).
        var now = clock.GetUtcNow();
        BillingSync.Apply(org, updated, catalogue, org.BillingSyncedAt ?? DateTimeOffset.UnixEpoch, now);
        // The add-on lines come along as they are; fewer than assigned if they were lowered in Stripe's portal meanwhile.
        await reclaim.RunAsync(org, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new BillingPlanChangeDto(org.Plan, org.SubscriptionStatus, org.CurrentPeriodEnd);
    }
}
