using MediatR;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Billing.Commands.StartCheckout;

/// <summary>POST /api/checkout/session: a Stripe Checkout page for a plan.</summary>
public sealed record StartCheckoutCommand : ICommand<CheckoutSessionDto>, IAllowedWhenReadOnly
{
    /// <summary>The plan's Stripe price id (from GET /api/billing/plans).</summary>
    public string PriceId { get; init; } = "";
}

internal sealed class StartCheckoutCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, PlanCatalogue catalogue)
    : IRequestHandler<StartCheckoutCommand, CheckoutSessionDto>
{
    public async Task<CheckoutSessionDto> Handle(StartCheckoutCommand request, CancellationToken cancellationToken)
    {
        if (catalogue.FindPlanByPriceId(request.PriceId) is null)
            throw new ValidationException("priceId", "This is not the price of a plan; take one from GET /api/billing/plans.");
        var (org, customerId) = await BillingCustomer.EnsureAsync(db, user, payments, cancellationToken);
        if (org.BillingSubscriptionId is not null && org.SubscriptionStatus is SubscriptionStatus.Active or SubscriptionStatus.Trialing or SubscriptionStatus.PastDue)
            throw new ConflictException("The organization already has a subscription; change its plan with POST /api/billing/change-plan or in the billing portal.");
        var (sessionId, url) = await payments.CreateCheckoutAsync(customerId, request.PriceId, 1, org.Id, cancellationToken);
        return new CheckoutSessionDto(sessionId, url);
    }
}
