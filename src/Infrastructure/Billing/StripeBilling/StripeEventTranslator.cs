using Stripe;
using VoiceTraining.Application.Billing;
using CheckoutSession = Stripe.Checkout.Session;
using VoiceTraining.Application.Billing.Commands.ProcessBillingEvent;
using VoiceTraining.Infrastructure.Webhooks.Inbound;

namespace VoiceTraining.Infrastructure.Billing.StripeBilling;

/// <summary>
/// Turns a verified Stripe event, read by Stripe.net into its typed objects in the shape of the
/// pinned API version, into the application's <see cref="BillingEvent"/>.
/// </summary>
public static class StripeEventTranslator
{
    /// <summary>Which object an event type of ours must carry; other types are passed on for the handler to ignore.</summary>
    private static readonly (string TypePrefix, Type Object, string Name)[] Expected =
    [
        ("checkout.session.", typeof(CheckoutSession), "a checkout session"),
        ("customer.subscription.", typeof(Subscription), "a subscription"),
        ("invoice.", typeof(Invoice), "an invoice"),
        ("payment_intent.", typeof(PaymentIntent), "a payment intent"),
    ];

    /// <summary>The event types the product acts on; any other is passed on as <see cref="BillingEventKind.Other"/>.</summary>
    private static readonly Dictionary<string, BillingEventKind> Kinds = new(StringComparer.Ordinal)
    {
        ["checkout.session.completed"] = BillingEventKind.CheckoutCompleted,
        ["customer.subscription.created"] = BillingEventKind.SubscriptionChanged,
        ["customer.subscription.updated"] = BillingEventKind.SubscriptionChanged,
        ["customer.subscription.deleted"] = BillingEventKind.SubscriptionEnded,
        ["invoice.payment_succeeded"] = BillingEventKind.InvoicePaid,
        ["invoice.paid"] = BillingEventKind.InvoicePaid,
        ["invoice.payment_failed"] = BillingEventKind.InvoicePaymentFailed,
        ["payment_intent.amount_capturable_updated"] = BillingEventKind.PaymentAuthorized,
        ["payment_intent.succeeded"] = BillingEventKind.PaymentCaptured,
        ["payment_intent.canceled"] = BillingEventKind.PaymentCanceled,
        ["payment_intent.payment_failed"] = BillingEventKind.PaymentFailed,
    };

    /// <summary>Throws <see cref="FormatException"/> when the object is not the one its type needs, or lacks what is read from it.</summary>
    public static BillingEvent Translate(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var o = e.Data?.Object;
        foreach (var (prefix, type, name) in Expected)
        {
            if (e.Type.StartsWith(prefix, StringComparison.Ordinal) && (o is null || !type.IsInstanceOfType(o)))
                throw new UnreadablePayloadException($"A {e.Type} event must carry {name}.");
        }

        var billing = new BillingEvent(e.Id, e.Type, Utc(e.Created)) { Kind = Kinds.GetValueOrDefault(e.Type, BillingEventKind.Other) };
        return o switch
        {
            CheckoutSession s => billing with
            {
                CustomerId = s.CustomerId,
                OrgId = OrgFrom(s.Metadata) ?? ParseGuid(s.ClientReferenceId),
                SubscriptionId = s.SubscriptionId,
            },
            Subscription s => billing with { CustomerId = s.CustomerId, OrgId = OrgFrom(s.Metadata), Subscription = ToSnapshot(s) },
            Invoice i => billing with
            {
                CustomerId = i.CustomerId,
                // The subscription's metadata is copied onto the invoice's parent (org_id from Checkout's subscription_data).
                OrgId = OrgFrom(i.Metadata) ?? OrgFrom(i.Parent?.SubscriptionDetails?.Metadata),
                Invoice = new InvoiceInfo(Required(i.Id, "The invoice has no id."), i.Number, i.AmountPaid > 0 ? i.AmountPaid : i.AmountDue,
                    i.Currency ?? "usd", i.HostedInvoiceUrl, Time(i.PeriodStart), Time(i.PeriodEnd), i.Parent?.SubscriptionDetails?.SubscriptionId),
            },
            PaymentIntent p => billing with
            {
                CustomerId = p.CustomerId,
                OrgId = OrgFrom(p.Metadata),
                Payment = new PaymentInfo(Required(p.Id, "The payment intent has no id."), StripeStatuses.Payment(p.Status), p.LastPaymentError?.Message),
            },
            _ => billing,
        };
    }

    /// <summary>
    /// A subscription as the application sees it. Since API version 2025-03-31 the billing period is on
    /// each item, not on the subscription: the period is the item's that runs longest.
    /// </summary>
    public static SubscriptionSnapshot ToSnapshot(Subscription s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var items = s.Items?.Data ?? [];
        var current = items.Where(i => Time(i.CurrentPeriodEnd) is not null).MaxBy(i => i.CurrentPeriodEnd);
        return new SubscriptionSnapshot(
            Required(s.Id, "The subscription has no id."), s.CustomerId ?? "", StripeStatuses.Subscription(s.Status),
            [.. items.Select(i => new SubscriptionLine(Required(i.Id, "A subscription item has no id."), Required(i.Price?.Id, "A subscription item has no price."), i.Quantity))],
            current is null ? null : Time(current.CurrentPeriodStart), current is null ? null : Time(current.CurrentPeriodEnd),
            s.CancelAtPeriodEnd, OrgFrom(s.Metadata));
    }

    private static Guid? OrgFrom(Dictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue("org_id", out var org) ? ParseGuid(org) : null;

    private static Guid? ParseGuid(string? value) => Guid.TryParse(value, out var id) ? id : null;

    private static string Required(string? value, string problem) => string.IsNullOrEmpty(value) ? throw new UnreadablePayloadException(problem) : value;

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    /// <summary>Stripe.net reads a time that is absent as the Unix epoch: that is no time.</summary>
    private static DateTimeOffset? Time(DateTime time) => time > DateTime.UnixEpoch ? Utc(time) : null;
}
