using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Application.Billing.Queries.GetBillingSummary;

/// <summary>GET /api/billing: plan, status, usage against limits this period, recent invoices.</summary>
public sealed record GetBillingSummaryQuery : IQuery<BillingSummaryDto>;

internal sealed class GetBillingSummaryQueryHandler(
    IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, Entitlements entitlements,
    BillingOptions options, TimeProvider clock)
    : IRequestHandler<GetBillingSummaryQuery, BillingSummaryDto>
{
    public async Task<BillingSummaryDto> Handle(GetBillingSummaryQuery request, CancellationToken cancellationToken)
    {
        var (org, plan) = await entitlements.PlanOfAsync(user.RequireOrgId(), cancellationToken);
        var period = BillingPeriod.Of(org, clock.GetUtcNow());
        var seats = await db.Members.CountAsync(m => m.Status == MemberStatus.Active, cancellationToken);
        var published = await db.Scenarios.CountAsync(s => s.Status == ScenarioStatus.Published, cancellationToken);
        var minutes = await entitlements.VoiceMinutesUsedAsync(org, cancellationToken);
        // Each usage record carries the price it was used at (the voice settings of its day).
        var voiceCost = await db.VoiceUsageRecords.Where(u => u.CreatedAt >= period.Start && u.CreatedAt < period.End)
            .SumAsync(u => (decimal?)u.CostUsd, cancellationToken) ?? 0m;
        var invoices = await db.Invoices.OrderByDescending(i => i.CreatedAt).Take(12)
            .Select(i => new InvoiceDto(i.Id, i.ProviderInvoiceId, i.Number, i.AmountCents, i.Currency, i.Status, i.HostedInvoiceUrl, i.PeriodStart, i.PeriodEnd, i.CreatedAt))
            .ToListAsync(cancellationToken);
        return new BillingSummaryDto
        {
            Plan = PlanDto.From(plan),
            Status = org.SubscriptionStatus,
            CurrentPeriodStart = org.CurrentPeriodStart,
            CurrentPeriodEnd = org.CurrentPeriodEnd,
            CancelAtPeriodEnd = org.CancelAtPeriodEnd,
            PastDueSince = org.PastDueSince,
            ReadOnlyFrom = org.SubscriptionStatus == SubscriptionStatus.PastDue ? org.PastDueSince + options.PastDueGrace : null,
            VoiceSims = org.VoiceSims,
            PaymentsConfigured = payments.IsConfigured,
            HasBillingCustomer = org.BillingCustomerId is not null,
            Seats = new UsageDto(seats, plan.Entitlements.Seats),
            PublishedScenarios = new UsageDto(published, plan.Entitlements.PublishedScenarios),
            VoiceMinutes = new UsageDto(minutes, plan.Entitlements.VoiceMinutesPerMonth),
            UsagePeriodStart = period.Start,
            UsagePeriodEnd = period.End,
            VoiceCostUsd = Math.Round(voiceCost, 2),
            Invoices = invoices,
        };
    }
}
