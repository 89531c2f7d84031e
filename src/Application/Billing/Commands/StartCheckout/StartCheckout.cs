using MediatR;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Billing.Commands.StartCheckout;

/// <summary>
/// POST /api/checkout/session: a Stripe Checkout page for a plan, with the body of the SalesPulse
/// spec (§3): <c>{ userId?, priceId, successUrl?, cancelUrl? }</c>.
/// </summary>
public sealed record StartCheckoutCommand : ICommand<CheckoutSessionDto>, IAllowedWhenReadOnly
{
    /// <summary>The plan's Stripe price id (from GET /api/billing/plans).</summary>
    public string PriceId { get; init; } = "";
    /// <summary>The member the checkout is for (kept on the session as metadata user_id); a member of the organization.</summary>
    public Guid? UserId { get; init; }
    /// <summary>Where Stripe returns after paying: a path or URL on this app's origin (default /billing?success=true).</summary>
    public string? SuccessUrl { get; init; }
    /// <summary>Where Stripe returns when the buyer leaves checkout: a path or URL on this app's origin (default /billing?canceled=true).</summary>
    public string? CancelUrl { get; init; }
}

internal sealed class StartCheckoutCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, PlanCatalogue catalogue, IPublicUrls urls)
    : IRequestHandler<StartCheckoutCommand, CheckoutSessionDto>
{
    public async Task<CheckoutSessionDto> Handle(StartCheckoutCommand request, CancellationToken cancellationToken)
    {
        if (catalogue.FindPlanByPriceId(request.PriceId) is null)
            throw new ValidationException("priceId", "This is not the price of a plan; take one from GET /api/billing/plans.");
        // Another organization's member is not found (the tenant filter hides them).
        if (request.UserId is { } userId) await db.Members.GetAsync(userId, cancellationToken);
        var (org, customerId) = await BillingCustomer.EnsureAsync(db, user, payments, cancellationToken);
        if (org.BillingSubscriptionId is not null && org.SubscriptionStatus is SubscriptionStatus.Active or SubscriptionStatus.Trialing or SubscriptionStatus.PastDue)
            throw new ConflictException("The organization already has a subscription; change its plan with POST /api/billing/change-plan or in the billing portal.");
        // The validator refused anything off the origin; resolving again gives the canonical URL to hand on.
        var options = new CheckoutOptions(ReturnUrls.Resolve(request.SuccessUrl, urls.BaseUrl), ReturnUrls.Resolve(request.CancelUrl, urls.BaseUrl), request.UserId);
        var (sessionId, url) = await payments.CreateCheckoutAsync(customerId, request.PriceId, 1, org.Id, options, cancellationToken);
        return new CheckoutSessionDto(sessionId, url);
    }
}
