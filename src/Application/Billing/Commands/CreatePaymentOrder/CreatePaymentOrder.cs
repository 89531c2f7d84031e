using MediatR;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Billing;

namespace VoiceTraining.Application.Billing.Commands.CreatePaymentOrder;

/// <summary>POST /api/billing/orders: an order that is charged only once approved (the card is authorized now).</summary>
public sealed record CreatePaymentOrderCommand : ICommand<PaymentOrderCreatedDto>, IAllowedWhenReadOnly
{
    public string Description { get; init; } = "";
    public long AmountCents { get; init; }
    public string Currency { get; init; } = "usd";
}

internal sealed class CreatePaymentOrderCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, TimeProvider clock)
    : IRequestHandler<CreatePaymentOrderCommand, PaymentOrderCreatedDto>
{
    public async Task<PaymentOrderCreatedDto> Handle(CreatePaymentOrderCommand request, CancellationToken cancellationToken)
    {
        var (org, customerId) = await BillingCustomer.EnsureAsync(db, user, payments, cancellationToken);
        var order = new PaymentOrder(org.Id, request.Description, request.AmountCents, request.Currency, user.RequireMemberId(), clock.GetUtcNow());
        var authorization = await payments.AuthorizePaymentAsync(request.AmountCents, request.Currency, customerId, org.Id, order.Id, cancellationToken);
        order.AttachPayment(authorization.Id, authorization.Status);
        db.PaymentOrders.Add(order);
        await db.SaveChangesAsync(cancellationToken);
        return new PaymentOrderCreatedDto(PaymentOrderDto.From(order), authorization.ClientSecret);
    }
}
