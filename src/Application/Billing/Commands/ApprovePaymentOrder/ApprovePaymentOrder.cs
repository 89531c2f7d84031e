using MediatR;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Billing;

namespace VoiceTraining.Application.Billing.Commands.ApprovePaymentOrder;

/// <summary>POST /api/billing/orders/{id}/approve: captures the authorized amount.</summary>
public sealed record ApprovePaymentOrderCommand(Guid Id) : ICommand<PaymentOrderDto>, IAllowedWhenReadOnly;

internal sealed class ApprovePaymentOrderCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, TimeProvider clock)
    : IRequestHandler<ApprovePaymentOrderCommand, PaymentOrderDto>
{
    public async Task<PaymentOrderDto> Handle(ApprovePaymentOrderCommand request, CancellationToken cancellationToken)
    {
        var order = await db.PaymentOrders.GetAsync(request.Id, cancellationToken);
        if (order.Status != PaymentOrderStatus.Authorized)
            throw new ConflictException(order.Status == PaymentOrderStatus.AwaitingAuthorization
                ? "The card has not been authorized for this order yet."
                : $"This order is already {order.Status.ToString().ToLowerInvariant()}.");
        var status = await payments.CapturePaymentAsync(order.ProviderPaymentId, cancellationToken);
        order.Decided(status, user.RequireMemberId(), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return PaymentOrderDto.From(order);
    }
}
