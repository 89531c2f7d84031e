using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Billing.VoiceSims;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Billing;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Billing.Commands.ProcessBillingEvent;

public sealed record InvoiceInfo(string Id, string? Number, long AmountCents, string Currency, string? HostedUrl,
    DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, string? SubscriptionId);

/// <summary>A payment authorized for one of the orders, as the provider reports it.</summary>
public sealed record PaymentInfo(string Id, PaymentOrderStatus Status, string? FailureMessage);

/// <summary>What a billing event tells, in the product's terms; the adapter reads it from the provider's event type.</summary>
public enum BillingEventKind
{
    /// <summary>An event the product does not act on.</summary>
    Other,
    CheckoutCompleted,
    /// <summary>A subscription was created or changed.</summary>
    SubscriptionChanged,
    SubscriptionEnded,
    InvoicePaid,
    InvoicePaymentFailed,
    /// <summary>An order's payment is held on the card, ready to be captured.</summary>
    PaymentAuthorized,
    PaymentCaptured,
    PaymentCanceled,
    PaymentFailed,
}

/// <summary>
/// A payment provider's webhook event, already verified and translated by the adapter.
/// <see cref="Type"/> is the provider's own name for it, recorded in the inbound ledger and logged.
/// </summary>
public sealed record BillingEvent(string Id, string Type, DateTimeOffset Created)
{
    public BillingEventKind Kind { get; init; }
    public string? CustomerId { get; init; }
    /// <summary>From the event's metadata or the checkout's reference to the organization, when present.</summary>
    public Guid? OrgId { get; init; }
    /// <summary>SubscriptionChanged, SubscriptionEnded: the subscription as of the event.</summary>
    public SubscriptionSnapshot? Subscription { get; init; }
    /// <summary>CheckoutCompleted: the subscription it created (re-read from the provider); null for a one-off payment.</summary>
    public string? SubscriptionId { get; init; }
    public InvoiceInfo? Invoice { get; init; }
    public PaymentInfo? Payment { get; init; }
}

public enum BillingEventOutcome
{
    Applied,
    Duplicate,
    /// <summary>Older than the state already applied.</summary>
    Stale,
    /// <summary>A type the product does not act on, or one for no known organization.</summary>
    Ignored,
}

/// <summary>
/// Applies a payment provider's event once: the event id goes into the inbound ledger in the same
/// transaction (a concurrent duplicate waits and then finds it), and the organization's row is
/// locked so two events for one organization apply one after the other.
/// </summary>
public sealed record ProcessBillingEventCommand(BillingEvent Event) : ICommand<BillingEventOutcome>;

internal sealed partial class ProcessBillingEventCommandHandler(
    IApplicationDbContext db, IInboundEventLedger ledger, IRowLocks locks, IPaymentProvider payments, PlanCatalogue catalogue,
    VoiceSimReclaim reclaim, VoiceAiBillingPause voiceAi, TimeProvider clock, ILogger<ProcessBillingEventCommandHandler> logger)
    : IRequestHandler<ProcessBillingEventCommand, BillingEventOutcome>
{
    public const string Provider = "stripe";

    public async Task<BillingEventOutcome> Handle(ProcessBillingEventCommand request, CancellationToken cancellationToken)
    {
        var e = request.Event;
        if (e.Kind == BillingEventKind.Other) return BillingEventOutcome.Ignored;
        if (!await ledger.TryRecordAsync(Provider, e.Id, e.Type, cancellationToken)) return BillingEventOutcome.Duplicate;

        var orgId = await FindOrganizationAsync(e, cancellationToken);
        if (orgId is null)
        {
            LogUnknownOrganization(logger, e.Type, e.Id, e.CustomerId ?? "(none)");
            return BillingEventOutcome.Ignored;
        }
        // Lock first, then read: the state compared against is the latest committed one.
        await locks.LockOrganizationAsync(orgId.Value, cancellationToken);
        var org = await db.Organizations.SingleAsync(o => o.Id == orgId, cancellationToken);
        db.ScopeToOrganization(org.Id);
        var now = clock.GetUtcNow();
        if (e.CustomerId is not null && org.BillingCustomerId is null) org.AttachBillingCustomer(e.CustomerId);

        var outcome = e.Kind switch
        {
            BillingEventKind.CheckoutCompleted => await CheckoutCompletedAsync(org, e, now, cancellationToken),
            BillingEventKind.SubscriptionChanged => await SubscriptionChangedAsync(org, e, now, cancellationToken),
            BillingEventKind.SubscriptionEnded => SubscriptionEnded(org, e, now),
            BillingEventKind.InvoicePaid => await InvoiceAsync(org, e.Invoice!, InvoiceStatus.Paid, now, cancellationToken),
            BillingEventKind.InvoicePaymentFailed => await InvoiceAsync(org, e.Invoice!, InvoiceStatus.PaymentFailed, now, cancellationToken),
            _ => Outcome(await PaymentAsync(e, now, cancellationToken)),
        };
        // Fewer SIMs than assigned (a line's quantity lowered, a line removed, the subscription ended):
        // the most recently assigned go back.
        if (outcome == BillingEventOutcome.Applied && e.Kind is BillingEventKind.CheckoutCompleted or BillingEventKind.SubscriptionChanged or BillingEventKind.SubscriptionEnded)
            await reclaim.RunAsync(org, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    private static BillingEventOutcome Outcome(bool applied) => applied ? BillingEventOutcome.Applied : BillingEventOutcome.Stale;

    /// <summary>A subscription's state for the organization's plan, unless it is another subscription (<see cref="BillingSync.IsPlanSubscription"/>).</summary>
    private BillingEventOutcome ApplySubscription(Organization org, SubscriptionSnapshot subscription, BillingEvent e, DateTimeOffset now)
    {
        if (!BillingSync.IsPlanSubscription(org, subscription, catalogue))
        {
            LogNotThePlanSubscription(logger, e.Type, e.Id, subscription.Id, org.BillingSubscriptionId ?? "(none)");
            return BillingEventOutcome.Ignored;
        }
        return Outcome(BillingSync.Apply(org, subscription, catalogue, e.Created, now));
    }

    private BillingEventOutcome SubscriptionEnded(Organization org, BillingEvent e, DateTimeOffset now)
    {
        // Only the end of the plan subscription ends the plan (an organization on a contract has none).
        if (e.Subscription?.Id is not { } ended || ended != org.BillingSubscriptionId)
        {
            LogNotThePlanSubscription(logger, e.Type, e.Id, e.Subscription?.Id ?? "(none)", org.BillingSubscriptionId ?? "(none)");
            return BillingEventOutcome.Ignored;
        }
        return Outcome(org.EndSubscription(catalogue.Default.Id, e.Created, now));
    }

    private async Task<Guid?> FindOrganizationAsync(BillingEvent e, CancellationToken cancellationToken)
    {
        if (e.OrgId is { } orgId && await db.Organizations.AnyAsync(o => o.Id == orgId, cancellationToken)) return orgId;
        return e.CustomerId is null
            ? null
            : await db.Organizations.AsNoTracking().Where(o => o.BillingCustomerId == e.CustomerId).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Checkout finished: take the subscription it created as the provider has it now.</summary>
    private async Task<BillingEventOutcome> CheckoutCompletedAsync(Organization org, BillingEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (e.SubscriptionId is null) return BillingEventOutcome.Applied; // a one-off payment checkout: nothing to sync
        var subscription = await payments.GetSubscriptionAsync(e.SubscriptionId, cancellationToken);
        return ApplySubscription(org, subscription, e, now);
    }

    private async Task<BillingEventOutcome> SubscriptionChangedAsync(Organization org, BillingEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (org.IsStale(e.Created)) return BillingEventOutcome.Stale;
        var subscription = e.Subscription!;
        // Stripe's event times have one-second resolution: for a tie with the state already applied,
        // the order of the two is unknown, so ask the provider for the current state.
        if (org.BillingSyncedAt == e.Created && payments.IsConfigured)
            subscription = await payments.GetSubscriptionAsync(subscription.Id, cancellationToken);
        return ApplySubscription(org, subscription, e, now);
    }

    private async Task<BillingEventOutcome> InvoiceAsync(Organization org, InvoiceInfo info, InvoiceStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var invoice = await db.Invoices.SingleOrDefaultAsync(i => i.ProviderInvoiceId == info.Id, cancellationToken);
        if (invoice is null)
            db.Invoices.Add(new Invoice(org.Id, info.Id, info.Number, info.AmountCents, info.Currency, status, info.HostedUrl, info.PeriodStart, info.PeriodEnd, now));
        else if (invoice.Status == InvoiceStatus.Paid && status == InvoiceStatus.PaymentFailed)
            return BillingEventOutcome.Stale; // a late failure of an invoice that was paid since
        else
            invoice.Update(status, info.AmountCents, info.HostedUrl, now);

        // The invoice is the organization's either way; only the plan subscription's says whether the plan is paid for.
        if (!BillingSync.IsPlanInvoice(org, info.SubscriptionId)) return BillingEventOutcome.Applied;
        // The members' voice AI follows the plan's payments (§7): paused while an invoice is unpaid, back once paid.
        if (status == InvoiceStatus.Paid)
        {
            org.PaymentSucceeded();
            await voiceAi.RestoreAsync(org, info, now, cancellationToken);
        }
        else
        {
            org.PaymentFailed(now);
            await voiceAi.PauseAsync(org, info, now, cancellationToken);
        }
        return BillingEventOutcome.Applied;
    }

    private async Task<bool> PaymentAsync(BillingEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var payment = e.Payment!;
        var order = await db.PaymentOrders.SingleOrDefaultAsync(o => o.ProviderPaymentId == payment.Id, cancellationToken);
        if (order is null) return true; // a payment that is not one of our orders
        var status = e.Kind switch
        {
            BillingEventKind.PaymentAuthorized => PaymentOrderStatus.Authorized,
            BillingEventKind.PaymentCaptured => PaymentOrderStatus.Captured,
            BillingEventKind.PaymentCanceled => PaymentOrderStatus.Canceled,
            _ => PaymentOrderStatus.Failed,
        };
        order.Sync(status, payment.FailureMessage, now);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing event {Type} {EventId} is for subscription {SubscriptionId}, not the organization's plan subscription {PlanSubscriptionId}; the plan is left as it is")]
    private static partial void LogNotThePlanSubscription(ILogger logger, string type, string eventId, string subscriptionId, string planSubscriptionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing event {Type} {EventId} names no known organization (customer {CustomerId}); acknowledged and ignored")]
    private static partial void LogUnknownOrganization(ILogger logger, string type, string eventId, string customerId);
}
