using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Billing.Commands.OpenBillingPortal;

/// <summary>POST /api/billing/portal: Stripe's customer portal (payment methods, invoices, cancellation).</summary>
public sealed record OpenBillingPortalCommand : ICommand<PortalSessionDto>, IAllowedWhenReadOnly;

internal sealed class OpenBillingPortalCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments)
    : IRequestHandler<OpenBillingPortalCommand, PortalSessionDto>
{
    public async Task<PortalSessionDto> Handle(OpenBillingPortalCommand request, CancellationToken cancellationToken)
    {
        if (!payments.IsConfigured) throw new NotConfiguredException("Stripe is not configured on this installation (set STRIPE_SECRET_KEY).");
        var orgId = user.RequireOrgId();
        var customerId = await db.Organizations.Where(o => o.Id == orgId).Select(o => o.BillingCustomerId).SingleAsync(cancellationToken)
                         ?? throw new ConflictException("The organization has no Stripe customer yet: subscribe to a plan first (POST /api/checkout/session).");
        return new PortalSessionDto(await payments.CreateBillingPortalAsync(customerId, cancellationToken));
    }
}
