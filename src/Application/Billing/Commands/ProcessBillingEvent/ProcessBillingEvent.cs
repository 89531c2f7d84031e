using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Billing;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Billing.Commands.ProcessBillingEvent;

public sealed record InvoiceInfo(string Id, string? Number, long AmountCents, string Currency, string? HostedUrl,
    DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, string? SubscriptionId);

/// <summary>A payment authorized for one of the orders, as the provider reports it.</summary>
public sealed record PaymentInfo(string Id, PaymentOrderStatus Status, string? FailureMessage);

/// <summary>A payment provider's webhook event, already verified and translated by the adapter.</summary>
public sealed record BillingEvent(string Id, string Type, DateTimeOffset Created)
{
    public string? CustomerId { get; init; }
    /// <summary>From the event's metadata or client_reference_id, when present.</summary>
    public Guid? OrgId { get; init; }
    /// <summary>customer.subscription.*: the subscription as of the event.</summary>
    public SubscriptionSnapshot? Subscription { get; init; }
    /// <summary>checkout.session.completed: the subscription it created (re-read from the provider).</summary>
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
    TimeProvider clock, ILogger<ProcessBillingEventCommandHandler> logger)
    : IRequestHandler<ProcessBillingEventCommand, BillingEventOutcome>
{
    public const string Provider = "stripe";

    private static readonly HashSet<string> Handled =
    [
        "checkout.session.completed", "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
        "invoice.payment_succeeded", "invoice.paid", "invoice.payment_failed",
        "payment_intent.amount_capturable_updated", "payment_intent.succeeded", "payment_intent.canceled", "payment_intent.payment_failed",
    ];

    public async Task<BillingEventOutcome> Handle(ProcessBillingEventCommand request, CancellationToken cancellationToken)
    {
        var e = request.Event;
        if (!Handled.Contains(e.Type)) return BillingEventOutcome.Ignored;
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

        var applied = e.Type switch
        {
            "checkout.session.completed" => await CheckoutCompletedAsync(org, e, now, cancellationToken),
            "customer.subscription.created" or "customer.subscription.updated" => await SubscriptionChangedAsync(org, e, now, cancellationToken),
            "customer.subscription.deleted" => org.EndSubscription(catalogue.Default.Id, e.Created, now),
            "invoice.payment_succeeded" or "invoice.paid" => await InvoiceAsync(org, e.Invoice!, InvoiceStatus.Paid, now, cancellationToken),
            "invoice.payment_failed" => await InvoiceAsync(org, e.Invoice!, InvoiceStatus.PaymentFailed, now, cancellationToken),
            _ => await PaymentAsync(e, now, cancellationToken),
        };
        await db.SaveChangesAsync(cancellationToken);
        return applied ? BillingEventOutcome.Applied : BillingEventOutcome.Stale;
    }

    private async Task<Guid?> FindOrganizationAsync(BillingEvent e, CancellationToken cancellationToken)
    {
        if (e.OrgId is { } orgId && await db.Organizations.AnyAsync(o => o.Id == orgId, cancellationToken)) return orgId;
        return e.CustomerId is null
            ? null
            : await db.Organizations.AsNoTracking().Where(o => o.BillingCustomerId == e.CustomerId).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Checkout finished: take the subscription it created as the provider has it now.</summary>
    private async Task<bool> CheckoutCompletedAsync(Organization org, BillingEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (e.SubscriptionId is null) return true; // a one-off payment checkout: nothing to sync
        var subscription = await payments.GetSubscriptionAsync(e.SubscriptionId, cancellationToken);
        return BillingSync.Apply(org, subscription, catalogue, e.Created, now);
    }

    private async Task<bool> SubscriptionChangedAsync(Organization org, BillingEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (org.IsStale(e.Created)) return false;
        var subscription = e.Subscription!;
        // Stripe's event times have one-second resolution: for a tie with the state already applied,
        // the order of the two is unknown, so ask the provider for the current state.
        if (org.BillingSyncedAt == e.Created && payments.IsConfigured)
            subscription = await payments.GetSubscriptionAsync(subscription.Id, cancellationToken);
        return BillingSync.Apply(org, subscription, catalogue, e.Created, now);
    }

    private async Task<bool> InvoiceAsync(Organization org, InvoiceInfo info, InvoiceStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var invoice = await db.Invoices.SingleOrDefaultAsync(i => i.ProviderInvoiceId == info.Id, cancellationToken);
        if (invoice is null)
            db.Invoices.Add(new Invoice(org.Id, info.Id, info.Number, info.AmountCents, info.Currency, status, info.HostedUrl, info.PeriodStart, info.PeriodEnd, now));
        else if (invoice.Status == InvoiceStatus.Paid && status == InvoiceStatus.PaymentFailed)
            return false; // a late failure of an invoice that was paid since
        else
            invoice.Update(status, info.AmountCents, info.HostedUrl, now);

        if (status == InvoiceStatus.Paid) org.PaymentSucceeded();
        else org.PaymentFailed(now);
        return true;
    }

    private async Task<bool> PaymentAsync(BillingEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var payment = e.Payment!;
        var order = await db.PaymentOrders.SingleOrDefaultAsync(o => o.ProviderPaymentId == payment.Id, cancellationToken);
        if (order is null) return true; // a payment that is not one of our orders
        var status = e.Type switch
        {
            "payment_intent.amount_capturable_updated" => PaymentOrderStatus.Authorized,
            "payment_intent.succeeded" => PaymentOrderStatus.Captured,
            "payment_intent.canceled" => PaymentOrderStatus.Canceled,
            _ => PaymentOrderStatus.Failed,
        };
        order.Sync(status, payment.FailureMessage, now);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing event {Type} {EventId} names no known organization (customer {CustomerId}); acknowledged and ignored")]
    private static partial void LogUnknownOrganization(ILogger logger, string type, string eventId, string customerId);
}
