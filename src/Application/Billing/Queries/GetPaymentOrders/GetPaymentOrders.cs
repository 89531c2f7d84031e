using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Billing.Queries.GetPaymentOrders;

/// <summary>GET /api/billing/orders: orders awaiting approval and past ones, newest first.</summary>
public sealed record GetPaymentOrdersQuery : IQuery<IReadOnlyList<PaymentOrderDto>>;

internal sealed class GetPaymentOrdersQueryHandler(IApplicationDbContext db) : IRequestHandler<GetPaymentOrdersQuery, IReadOnlyList<PaymentOrderDto>>
{
    public async Task<IReadOnlyList<PaymentOrderDto>> Handle(GetPaymentOrdersQuery request, CancellationToken cancellationToken) =>
        [.. (await db.PaymentOrders.AsNoTracking().OrderByDescending(o => o.CreatedAt).Take(100).ToListAsync(cancellationToken)).Select(PaymentOrderDto.From)];
}
