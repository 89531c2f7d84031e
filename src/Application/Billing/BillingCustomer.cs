using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Billing;

/// <summary>The organization as a customer of the payment provider, made on first need (the admin's email, the org's name).</summary>
internal static class BillingCustomer
{
    public static async Task<(Organization Org, string CustomerId)> EnsureAsync(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, CancellationToken cancellationToken)
    {
        if (!payments.IsConfigured) throw new NotConfiguredException("Stripe is not configured on this installation (set STRIPE_SECRET_KEY); plans and usage still work.");
        var orgId = user.RequireOrgId();
        var org = await db.Organizations.SingleAsync(o => o.Id == orgId, cancellationToken);
        if (org.BillingCustomerId is { } existing) return (org, existing);
        var me = await db.Members.SingleAsync(m => m.Id == user.RequireMemberId(), cancellationToken);
        var customerId = await payments.CreateCustomerAsync(me.Email, org.Name, org.Id, cancellationToken);
        org.AttachBillingCustomer(customerId);
        await db.SaveChangesAsync(cancellationToken);
        return (org, customerId);
    }
}
