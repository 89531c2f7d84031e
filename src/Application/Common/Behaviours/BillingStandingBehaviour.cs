using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Common.Behaviours;

/// <summary>Commands an organization may still run when it can only read (paying, mostly).</summary>
public interface IAllowedWhenReadOnly;

/// <summary>
/// A past-due organization keeps full access for the grace period (Billing:PastDueGrace, 7 days by
/// default); after it, its members can read but commands are refused until the payment is fixed.
/// Provider webhooks and background work have no signed-in organization and are not affected.
/// </summary>
public sealed class BillingStandingBehaviour<TRequest, TResponse>(IApplicationDbContext db, ICurrentUser user, BillingOptions options, TimeProvider clock)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is ICommand<TResponse> and not IAllowedWhenReadOnly && user.OrgId is { } orgId)
        {
            var standing = await db.Organizations.AsNoTracking().Where(o => o.Id == orgId)
                .Select(o => new { o.SubscriptionStatus, o.PastDueSince }).SingleOrDefaultAsync(cancellationToken);
            if (standing is { SubscriptionStatus: SubscriptionStatus.PastDue, PastDueSince: { } since } && clock.GetUtcNow() - since > options.PastDueGrace)
                throw new PlanLimitException("past_due",
                    $"A payment has been failing since {since:yyyy-MM-dd}; the organization can only read until it is fixed. An admin can update the payment method in Settings > Billing.");
        }
        return await next();
    }
}
