using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Billing;
using VoiceTraining.Domain.Organizations;
using ValidationException = VoiceTraining.Application.Common.Exceptions.ValidationException;

namespace VoiceTraining.Application.Billing;

/// <summary>The organization's Stripe customer, made on first need (the admin's email, the org's name).</summary>
internal static class BillingCustomer
{
    public static async Task<(Organization Org, string CustomerId)> EnsureAsync(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, CancellationToken cancellationToken)
    {
        if (!payments.IsConfigured) throw new NotConfiguredException("Stripe is not configured on this installation (set STRIPE_SECRET_KEY); plans and usage still work.");
        var orgId = user.RequireOrgId();
        var org = await db.Organizations.SingleAsync(o => o.Id == orgId, cancellationToken);
        if (org.StripeCustomerId is { } existing) return (org, existing);
        var me = await db.Members.SingleAsync(m => m.Id == user.RequireMemberId(), cancellationToken);
        var customerId = await payments.CreateCustomerAsync(me.Email, org.Name, org.Id, cancellationToken);
        org.AttachStripeCustomer(customerId);
        await db.SaveChangesAsync(cancellationToken);
        return (org, customerId);
    }
}

/// <summary>POST /api/checkout/session: a Stripe Checkout page for a plan.</summary>
public sealed record StartCheckoutCommand : ICommand<CheckoutSessionDto>, IAllowedWhenReadOnly
{
    /// <summary>The plan's Stripe price id (from GET /api/billing/plans).</summary>
    public string PriceId { get; init; } = "";
}

public sealed class StartCheckoutCommandValidator : AbstractValidator<StartCheckoutCommand>
{
    public StartCheckoutCommandValidator() => RuleFor(x => x.PriceId).NotEmpty().MaximumLength(200);
}

internal sealed class StartCheckoutCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, PlanCatalogue catalogue)
    : IRequestHandler<StartCheckoutCommand, CheckoutSessionDto>
{
    public async Task<CheckoutSessionDto> Handle(StartCheckoutCommand request, CancellationToken cancellationToken)
    {
        if (catalogue.FindPlanByPriceId(request.PriceId) is null)
            throw new ValidationException("priceId", "This is not the price of a plan; take one from GET /api/billing/plans.");
        var (org, customerId) = await BillingCustomer.EnsureAsync(db, user, payments, cancellationToken);
        if (org.StripeSubscriptionId is not null && org.SubscriptionStatus is SubscriptionStatus.Active or SubscriptionStatus.Trialing or SubscriptionStatus.PastDue)
            throw new ConflictException("The organization already has a subscription; change its plan with POST /api/billing/change-plan or in the billing portal.");
        var (sessionId, url) = await payments.CreateCheckoutAsync(customerId, request.PriceId, 1, org.Id, cancellationToken);
        return new CheckoutSessionDto(sessionId, url);
    }
}

/// <summary>POST /api/checkout/voice-addon: a Stripe Checkout page for voice AI SIMs.</summary>
public sealed record StartVoiceAddOnCheckoutCommand : ICommand<CheckoutSessionDto>, IAllowedWhenReadOnly
{
    public string PriceId { get; init; } = "";
    public int Quantity { get; init; } = 1;
}

public sealed class StartVoiceAddOnCheckoutCommandValidator : AbstractValidator<StartVoiceAddOnCheckoutCommand>
{
    public StartVoiceAddOnCheckoutCommandValidator()
    {
        RuleFor(x => x.PriceId).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Quantity).InclusiveBetween(1, 100);
    }
}

internal sealed class StartVoiceAddOnCheckoutCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, PlanCatalogue catalogue)
    : IRequestHandler<StartVoiceAddOnCheckoutCommand, CheckoutSessionDto>
{
    public async Task<CheckoutSessionDto> Handle(StartVoiceAddOnCheckoutCommand request, CancellationToken cancellationToken)
    {
        var addOn = catalogue.FindAddOnByPriceId(request.PriceId)
                    ?? throw new ValidationException("priceId", "This is not the price of a voice add-on; take one from GET /api/billing/plans.");
        var orgId = user.RequireOrgId();
        var plan = await db.Organizations.Where(o => o.Id == orgId).Select(o => o.Plan).SingleAsync(cancellationToken);
        if (!addOn.AvailableOn.Contains(plan))
            throw new ConflictException($"{addOn.Name} is available on the {string.Join(", ", addOn.AvailableOn)} plans; upgrade first.");
        var (org, customerId) = await BillingCustomer.EnsureAsync(db, user, payments, cancellationToken);
        var (sessionId, url) = await payments.CreateCheckoutAsync(customerId, request.PriceId, request.Quantity, org.Id, cancellationToken);
        return new CheckoutSessionDto(sessionId, url);
    }
}

/// <summary>POST /api/billing/portal: Stripe's customer portal (payment methods, invoices, cancellation).</summary>
public sealed record OpenBillingPortalCommand : ICommand<PortalSessionDto>, IAllowedWhenReadOnly;

internal sealed class OpenBillingPortalCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments)
    : IRequestHandler<OpenBillingPortalCommand, PortalSessionDto>
{
    public async Task<PortalSessionDto> Handle(OpenBillingPortalCommand request, CancellationToken cancellationToken)
    {
        if (!payments.IsConfigured) throw new NotConfiguredException("Stripe is not configured on this installation (set STRIPE_SECRET_KEY).");
        var orgId = user.RequireOrgId();
        var customerId = await db.Organizations.Where(o => o.Id == orgId).Select(o => o.StripeCustomerId).SingleAsync(cancellationToken)
                         ?? throw new ConflictException("The organization has no Stripe customer yet: subscribe to a plan first (POST /api/checkout/session).");
        return new PortalSessionDto(await payments.CreatePortalAsync(customerId, cancellationToken));
    }
}

/// <summary>POST /api/billing/change-plan: moves the subscription to another plan, prorated.</summary>
public sealed record ChangePlanCommand : ICommand<BillingPlanChangeDto>, IAllowedWhenReadOnly
{
    public string PriceId { get; init; } = "";
}

public sealed record BillingPlanChangeDto(string Plan, SubscriptionStatus Status, DateTimeOffset? CurrentPeriodEnd);

public sealed class ChangePlanCommandValidator : AbstractValidator<ChangePlanCommand>
{
    public ChangePlanCommandValidator() => RuleFor(x => x.PriceId).NotEmpty().MaximumLength(200);
}

internal sealed class ChangePlanCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, PlanCatalogue catalogue, IRowLocks locks, TimeProvider clock)
    : IRequestHandler<ChangePlanCommand, BillingPlanChangeDto>
{
    public async Task<BillingPlanChangeDto> Handle(ChangePlanCommand request, CancellationToken cancellationToken)
    {
        var target = catalogue.FindPlanByPriceId(request.PriceId)
                     ?? throw new ValidationException("priceId", "This is not the price of a plan; take one from GET /api/billing/plans.");
        if (!payments.IsConfigured) throw new NotConfiguredException("Stripe is not configured on this installation (set STRIPE_SECRET_KEY).");
        var orgId = user.RequireOrgId();
        await locks.LockOrganizationAsync(orgId, cancellationToken);
        var org = await db.Organizations.SingleAsync(o => o.Id == orgId, cancellationToken);
        if (org.StripeSubscriptionId is not { } subscriptionId)
            throw new ConflictException("The organization has no subscription to change: start one with POST /api/checkout/session.");
        if (org.Plan == target.Id) return new BillingPlanChangeDto(org.Plan, org.SubscriptionStatus, org.CurrentPeriodEnd);

        var subscription = await payments.GetSubscriptionAsync(subscriptionId, cancellationToken);
        var line = subscription.Lines.FirstOrDefault(l => catalogue.FindPlanByPriceId(l.PriceId) is not null)
                   ?? throw new ConflictException("The subscription has no plan line to change; use the billing portal.");
        var updated = await payments.ChangeLinePriceAsync(subscriptionId, line.ItemId, request.PriceId, cancellationToken);
        // Reflect it now; the provider's subscription.updated event confirms it (it is not older than this state).
        BillingSync.Apply(org, updated, catalogue, org.BillingSyncedAt ?? DateTimeOffset.UnixEpoch, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new BillingPlanChangeDto(org.Plan, org.SubscriptionStatus, org.CurrentPeriodEnd);
    }
}

/// <summary>POST /api/billing/orders: an order that is charged only once approved (the card is authorized now).</summary>
public sealed record CreatePaymentOrderCommand : ICommand<PaymentOrderCreatedDto>, IAllowedWhenReadOnly
{
    public string Description { get; init; } = "";
    public long AmountCents { get; init; }
    public string Currency { get; init; } = "usd";
}

public sealed class CreatePaymentOrderCommandValidator : AbstractValidator<CreatePaymentOrderCommand>
{
    public CreatePaymentOrderCommandValidator()
    {
        RuleFor(x => x.Description).NotEmpty().MaximumLength(Domain.Common.Limits.Description);
        RuleFor(x => x.AmountCents).InclusiveBetween(50, 100_000_000);
        RuleFor(x => x.Currency).Matches("^[a-z]{3}$").WithMessage("Use a lowercase ISO currency code, e.g. usd.");
    }
}

internal sealed class CreatePaymentOrderCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, TimeProvider clock)
    : IRequestHandler<CreatePaymentOrderCommand, PaymentOrderCreatedDto>
{
    public async Task<PaymentOrderCreatedDto> Handle(CreatePaymentOrderCommand request, CancellationToken cancellationToken)
    {
        var (org, customerId) = await BillingCustomer.EnsureAsync(db, user, payments, cancellationToken);
        var order = new PaymentOrder(org.Id, request.Description, request.AmountCents, request.Currency, user.RequireMemberId(), clock.GetUtcNow());
        var authorization = await payments.AuthorizeAsync(request.AmountCents, request.Currency, customerId, org.Id, order.Id, cancellationToken);
        order.AttachPayment(authorization.Id, BillingSync.OrderStatus(authorization.Status));
        db.PaymentOrders.Add(order);
        await db.SaveChangesAsync(cancellationToken);
        return new PaymentOrderCreatedDto(PaymentOrderDto.From(order), authorization.ClientSecret);
    }
}

/// <summary>POST /api/billing/orders/{id}/approve: captures the authorized amount.</summary>
public sealed record ApprovePaymentOrderCommand(Guid Id) : ICommand<PaymentOrderDto>, IAllowedWhenReadOnly;

internal sealed class ApprovePaymentOrderCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, TimeProvider clock)
    : IRequestHandler<ApprovePaymentOrderCommand, PaymentOrderDto>
{
    public async Task<PaymentOrderDto> Handle(ApprovePaymentOrderCommand request, CancellationToken cancellationToken)
    {
        var order = await db.PaymentOrders.SingleOrDefaultAsync(o => o.Id == request.Id, cancellationToken) ?? throw new NotFoundException("PaymentOrder", request.Id);
        if (order.Status != PaymentOrderStatus.Authorized)
            throw new ConflictException(order.Status == PaymentOrderStatus.AwaitingAuthorization
                ? "The card has not been authorized for this order yet."
                : $"This order is already {order.Status.ToString().ToLowerInvariant()}.");
        var status = await payments.CaptureAsync(order.StripePaymentIntentId, cancellationToken);
        order.Decided(BillingSync.OrderStatus(status), user.RequireMemberId(), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return PaymentOrderDto.From(order);
    }
}

/// <summary>POST /api/billing/orders/{id}/cancel: releases the authorization; nothing is charged.</summary>
public sealed record CancelPaymentOrderCommand(Guid Id) : ICommand<PaymentOrderDto>, IAllowedWhenReadOnly;

internal sealed class CancelPaymentOrderCommandHandler(IApplicationDbContext db, ICurrentUser user, IPaymentProvider payments, TimeProvider clock)
    : IRequestHandler<CancelPaymentOrderCommand, PaymentOrderDto>
{
    public async Task<PaymentOrderDto> Handle(CancelPaymentOrderCommand request, CancellationToken cancellationToken)
    {
        var order = await db.PaymentOrders.SingleOrDefaultAsync(o => o.Id == request.Id, cancellationToken) ?? throw new NotFoundException("PaymentOrder", request.Id);
        if (!order.IsOpen) throw new ConflictException($"This order is already {order.Status.ToString().ToLowerInvariant()}.");
        var status = await payments.CancelAuthorizationAsync(order.StripePaymentIntentId, cancellationToken);
        order.Decided(BillingSync.OrderStatus(status), user.RequireMemberId(), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return PaymentOrderDto.From(order);
    }
}
