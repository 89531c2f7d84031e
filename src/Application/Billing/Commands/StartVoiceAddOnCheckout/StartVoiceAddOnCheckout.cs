using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Billing.VoiceSims;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.Billing.Commands.StartVoiceAddOnCheckout;

/// <summary>
/// POST /api/checkout/voice-addon, with the body of the SalesPulse spec (§7): <c>{ userId?, priceId, quantity? }</c>.
/// Buys voice AI SIMs as a line of the organization's plan subscription (added, or its quantity
/// raised), prorated and invoiced at once (ADR 0020); <c>userId</c> names the member who gets one of them.
/// </summary>
public sealed record StartVoiceAddOnCheckoutCommand : ICommand<VoiceAddOnPurchaseDto>, IAllowedWhenReadOnly
{
    public string PriceId { get; init; } = "";
    /// <summary>How many of the add-on to add to what the subscription already holds.</summary>
    public int Quantity { get; init; } = 1;
    /// <summary>The member a SIM is for: once the line is bought, they are given one (an active member of the organization).</summary>
    public Guid? UserId { get; init; }
}

internal sealed class StartVoiceAddOnCheckoutCommandHandler(
    IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, VoiceAddOnLineChange change, VoiceAiBillingPause pause, TimeProvider clock)
    : IRequestHandler<StartVoiceAddOnCheckoutCommand, VoiceAddOnPurchaseDto>
{
    public async Task<VoiceAddOnPurchaseDto> Handle(StartVoiceAddOnCheckoutCommand request, CancellationToken cancellationToken)
    {
        var addOn = change.RequireAddOn(request.PriceId);
        var orgId = user.RequireOrgId();
        // The member is checked before anything is bought: another organization's is not found, a deactivated one cannot hold a SIM.
        var member = request.UserId is { } userId ? await db.Members.GetAsync(userId, cancellationToken) : null;
        if (member is { IsActive: false })
            throw new ConflictException($"{member.Name} is deactivated: reactivate them before buying a voice AI SIM for them.");
        var (org, subscription) = await change.BeginAsync(orgId, addOn, cancellationToken);
        var line = subscription.Lines.FirstOrDefault(l => l.PriceId == request.PriceId);
        var quantity = (int)Math.Min((line?.Quantity ?? 0) + request.Quantity, int.MaxValue);
        var updated = await payments.SetLineQuantityAsync(subscription.Id, line?.ItemId, request.PriceId, quantity, cancellationToken);
        var now = clock.GetUtcNow();
        await change.ApplyAsync(org, updated, now, cancellationToken);
        var assigned = false;
        if (member is not null)
        {
            try
            {
                await VoiceSimAssignments.AssignAsync(db, org, member, user.MemberId, now, cancellationToken);
                assigned = true;
                await pause.PauseNewHolderAsync(org, member.Id, cancellationToken);
            }
            catch (ConflictException)
            {
                // Every SIM is taken even after this purchase (the subscription held fewer than recorded):
                // the purchase stands, it is charged; the answer says nobody was given one.
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return new VoiceAddOnPurchaseDto(request.PriceId, quantity, org.VoiceSims, assigned ? member!.Id : null);
    }
}
