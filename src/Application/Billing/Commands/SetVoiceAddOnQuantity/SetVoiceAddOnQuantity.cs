using FluentValidation;
using MediatR;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Billing.VoiceSims;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Billing.Commands.SetVoiceAddOnQuantity;

/// <summary>
/// PUT /api/billing/voice-addon <c>{ priceId, quantity }</c>: how many of a voice add-on the plan
/// subscription holds from now on. Raising it is a purchase (charged now, prorated); lowering it
/// credits the rest of the period on the next invoice; 0 removes the line (ADR 0020). Lowering below
/// the SIMs members hold is refused: the admin chooses who gives theirs back, not the order of assignment.
/// </summary>
public sealed record SetVoiceAddOnQuantityCommand : ICommand<VoiceAddOnPurchaseDto>, IAllowedWhenReadOnly
{
    public string PriceId { get; init; } = "";
    /// <summary>The line's new quantity (0 removes it). Required: a missing one must not read as 0.</summary>
    public int? Quantity { get; init; }
}

internal sealed class SetVoiceAddOnQuantityCommandHandler(
    IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, PlanCatalogue catalogue, VoiceAddOnLineChange change, TimeProvider clock)
    : IRequestHandler<SetVoiceAddOnQuantityCommand, VoiceAddOnPurchaseDto>
{
    public async Task<VoiceAddOnPurchaseDto> Handle(SetVoiceAddOnQuantityCommand request, CancellationToken cancellationToken)
    {
        var addOn = change.RequireAddOn(request.PriceId);
        var (org, subscription) = await change.BeginAsync(user.RequireOrgId(), addOn, cancellationToken);
        var line = subscription.Lines.FirstOrDefault(l => l.PriceId == request.PriceId);
        var held = (int)Math.Min(line?.Quantity ?? 0, int.MaxValue);
        var quantity = request.Quantity!.Value;
        if (quantity == held) return new VoiceAddOnPurchaseDto(request.PriceId, held, org.VoiceSims);

        SubscriptionSnapshot updated;
        if (quantity > held)
        {
            updated = await payments.SetLineQuantityAsync(subscription.Id, line?.ItemId, request.PriceId, quantity, cancellationToken);
        }
        else
        {
            // From the subscription as Stripe has it now, not the count last saved.
            var remaining = BillingSync.SimsOf(
                BillingSync.AddOnLines(subscription, catalogue).Select(l => l.PriceId == request.PriceId ? l with { Quantity = quantity } : l), catalogue);
            var assigned = await VoiceSimAssignments.CountAssignedAsync(db, org.Id, cancellationToken);
            if (assigned > remaining)
                throw new ConflictException(
                    $"{assigned} voice AI SIMs are assigned and the organization would keep {remaining}: take back {assigned - remaining} "
                    + "under Billing > Voice AI SIMs (PUT /api/members/{memberId}/voice-sim) first.");
            updated = await payments.ReduceLineAsync(subscription.Id, line!.ItemId, quantity, cancellationToken);
        }
        await change.ApplyAsync(org, updated, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var kept = updated.Lines.FirstOrDefault(l => l.PriceId == request.PriceId)?.Quantity ?? 0;
        return new VoiceAddOnPurchaseDto(request.PriceId, (int)Math.Min(kept, int.MaxValue), org.VoiceSims);
    }
}

public sealed class SetVoiceAddOnQuantityCommandValidator : AbstractValidator<SetVoiceAddOnQuantityCommand>
{
    public SetVoiceAddOnQuantityCommandValidator()
    {
        RuleFor(x => x.PriceId).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Quantity).NotNull().WithMessage("Say how many of the add-on the subscription holds from now on: 0 to 100 (0 removes it).")
            .InclusiveBetween(0, 100);
    }
}
