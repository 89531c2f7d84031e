using MediatR;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.Billing.Commands.CancelPaymentOrder;

/// <summary>POST /api/billing/orders/{id}/cancel: releases the authorization; nothing is charged.</summary>
public sealed record CancelPaymentOrderCommand(Guid Id) : ICommand<PaymentOrderDto>, IAllowedWhenReadOnly;

internal sealed class CancelPaymentOrderCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, TimeProvider clock)
    : IRequestHandler<CancelPaymentOrderCommand, PaymentOrderDto>
{
    public async Task<PaymentOrderDto> Handle(CancelPaymentOrderCommand request, CancellationToken cancellationToken)
    {
        var order = await db.PaymentOrders.GetAsync(request.Id, cancellationToken);
        if (!order.IsOpen) throw new ConflictException($"This order is already {order.Status.ToString().ToLowerInvariant()}.");
        var status = await payments.CancelAuthorizationAsync(order.ProviderPaymentId, cancellationToken);
        order.Decided(status, user.RequireMemberId(), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return PaymentOrderDto.From(order);
    }
}
