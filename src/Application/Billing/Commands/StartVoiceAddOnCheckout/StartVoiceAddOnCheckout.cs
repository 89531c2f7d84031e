using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Billing.Commands.StartVoiceAddOnCheckout;

/// <summary>POST /api/checkout/voice-addon: a Stripe Checkout page for voice AI SIMs.</summary>
public sealed record StartVoiceAddOnCheckoutCommand : ICommand<CheckoutSessionDto>, IAllowedWhenReadOnly
{
    public string PriceId { get; init; } = "";
    public int Quantity { get; init; } = 1;
}

internal sealed class StartVoiceAddOnCheckoutCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, PlanCatalogue catalogue)
    : IRequestHandler<StartVoiceAddOnCheckoutCommand, CheckoutSessionDto>
{
    public async Task<CheckoutSessionDto> Handle(StartVoiceAddOnCheckoutCommand request, CancellationToken cancellationToken)
    {
        var addOn = catalogue.FindAddOnByPriceId(request.PriceId)
                    ?? throw new ValidationException("priceId", "This is not the price of a voice add-on; take one from GET /api/billing/plans.");
        var orgId = user.RequireOrgId();
        var plan = await db.Organizations.Where(o => o.Id == orgId).Select(o => o.Plan).SingleAsync(cancellationToken);
        if (!addOn.AvailableOn.Contains(plan))
            throw new ConflictException($"{addOn.Name} is available on the {string.Join(", ", addOn.AvailableOn)} plans; upgrade first.");
        var (org, customerId) = await BillingCustomer.EnsureAsync(db, user, payments, cancellationToken);
        var (sessionId, url) = await payments.CreateCheckoutAsync(customerId, request.PriceId, request.Quantity, org.Id, cancellationToken);
        return new CheckoutSessionDto(sessionId, url);
    }
}
