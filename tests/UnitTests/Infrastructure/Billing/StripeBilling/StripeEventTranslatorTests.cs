using Stripe;
using VoiceTraining.Application.Billing;
using VoiceTraining.Infrastructure.Billing.StripeBilling;
using VoiceTraining.Application.Billing.Commands.ProcessBillingEvent;
using PaymentOrderStatus = VoiceTraining.Domain.Billing.PaymentOrderStatus;
using SubscriptionStatus = VoiceTraining.Domain.Organizations.SubscriptionStatus;

namespace VoiceTraining.UnitTests.Infrastructure.Billing.StripeBilling;

/// <summary>Stripe events in the pinned API version's shapes, read by Stripe.net, become the application's billing events.</summary>
public class StripeEventTranslatorTests
{
    private static readonly Guid OrgId = Guid.Parse("0191f3a2-7b1c-7d2e-9f00-123456789abc");

    private static BillingEvent Translate(string type, string dataObject) =>
        StripeEventTranslator.Translate(EventUtility.ParseEvent(
            """{"id":"evt_1","object":"event","api_version":"2026-10-28.endive","created":1767225600,"livemode":false,"type":"TYPE","data":{"object":OBJECT}}"""
                .Replace("TYPE", type, StringComparison.Ordinal).Replace("OBJECT", dataObject.Replace("ORG_ID", OrgId.ToString(), StringComparison.Ordinal), StringComparison.Ordinal),
            throwOnApiVersionMismatch: false));

    [Fact]
    public void The_envelope_gives_id_type_and_time()
    {
        var e = Translate("charge.dispute.created", """{"id":"dp_1","object":"dispute"}""");

        e.Should().Be(new BillingEvent("evt_1", "charge.dispute.created", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("checkout.session.completed", """{"id":"cs_1","object":"checkout.session"}""", BillingEventKind.CheckoutCompleted)]
    [InlineData("customer.subscription.created", SubscriptionObject, BillingEventKind.SubscriptionChanged)]
    [InlineData("customer.subscription.updated", SubscriptionObject, BillingEventKind.SubscriptionChanged)]
    [InlineData("customer.subscription.deleted", SubscriptionObject, BillingEventKind.SubscriptionEnded)]
    [InlineData("invoice.paid", InvoiceObject, BillingEventKind.InvoicePaid)]
    [InlineData("invoice.payment_succeeded", InvoiceObject, BillingEventKind.InvoicePaid)]
    [InlineData("invoice.payment_failed", InvoiceObject, BillingEventKind.InvoicePaymentFailed)]
    [InlineData("invoice.created", InvoiceObject, BillingEventKind.Other)]
    [InlineData("payment_intent.amount_capturable_updated", PaymentIntentObject, BillingEventKind.PaymentAuthorized)]
    [InlineData("payment_intent.succeeded", PaymentIntentObject, BillingEventKind.PaymentCaptured)]
    [InlineData("payment_intent.canceled", PaymentIntentObject, BillingEventKind.PaymentCanceled)]
    [InlineData("payment_intent.payment_failed", PaymentIntentObject, BillingEventKind.PaymentFailed)]
    [InlineData("charge.dispute.created", """{"id":"dp_1","object":"dispute"}""", BillingEventKind.Other)]
    public void The_event_type_reads_as_what_the_event_tells(string type, string dataObject, BillingEventKind kind)
    {
        var e = Translate(type, dataObject);

        (e.Type, e.Kind).Should().Be((type, kind));
    }

    private const string SubscriptionObject = """{"id":"sub_1","object":"subscription","customer":"cus_1","status":"active","items":{"object":"list","data":[]}}""";
    private const string InvoiceObject = """{"id":"in_1","object":"invoice","customer":"cus_1","currency":"usd","amount_paid":100}""";
    private const string PaymentIntentObject = """{"id":"pi_1","object":"payment_intent","status":"requires_capture"}""";

    [Fact]
    public void A_completed_checkout_names_its_customer_subscription_and_organization()
    {
        var e = Translate("checkout.session.completed",
            """{"id":"cs_1","object":"checkout.session","customer":"cus_1","subscription":"sub_9","client_reference_id":"ORG_ID"}""");

        (e.CustomerId, e.SubscriptionId, e.OrgId).Should().Be(("cus_1", "sub_9", OrgId));
    }

    [Fact]
    public void The_metadata_org_id_comes_before_the_client_reference()
    {
        var other = Guid.NewGuid();
        var e = Translate("checkout.session.completed",
            """{"id":"cs_1","object":"checkout.session","client_reference_id":"OTHER","metadata":{"org_id":"ORG_ID"}}""".Replace("OTHER", other.ToString(), StringComparison.Ordinal));

        e.OrgId.Should().Be(OrgId);
    }

    [Fact]
    public void A_subscription_takes_its_period_from_the_item_that_runs_longest()
    {
        var e = Translate("customer.subscription.created", """
            {"id":"sub_1","object":"subscription","customer":"cus_1","status":"active","cancel_at_period_end":true,"metadata":{"org_id":"ORG_ID"},
             "items":{"object":"list","has_more":false,"data":[
               {"id":"si_1","object":"subscription_item","price":{"id":"price_a","object":"price"},"quantity":1,"current_period_start":1767225600,"current_period_end":1769904000},
               {"id":"si_2","object":"subscription_item","price":{"id":"price_b","object":"price"},"quantity":3,"current_period_start":1764547200,"current_period_end":1767225600}]}}
            """);

        var s = e.Subscription!;
        (s.Id, s.CustomerId, s.Status, s.CancelAtPeriodEnd, s.OrgId).Should().Be(("sub_1", "cus_1", SubscriptionStatus.Active, true, (Guid?)OrgId));
        s.Lines.Should().Equal(new SubscriptionLine("si_1", "price_a", 1), new SubscriptionLine("si_2", "price_b", 3));
        s.PeriodStart.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1767225600));
        s.PeriodEnd.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1769904000));
        (e.CustomerId, e.OrgId).Should().Be(("cus_1", (Guid?)OrgId));
    }

    [Fact]
    public void A_deleted_subscription_without_items_has_no_period()
    {
        var s = Translate("customer.subscription.deleted",
            """{"id":"sub_1","object":"subscription","status":"canceled","items":{"object":"list","has_more":false,"data":[]}}""").Subscription!;

        (s.Status, s.Lines.Count, s.PeriodStart, s.PeriodEnd).Should().Be((SubscriptionStatus.Canceled, 0, (DateTimeOffset?)null, (DateTimeOffset?)null));
    }

    [Fact]
    public void An_invoice_finds_its_subscription_and_organization_under_its_parent()
    {
        var e = Translate("invoice.payment_succeeded", """
            {"id":"in_1","object":"invoice","customer":"cus_1","number":"INV-0001","amount_paid":4900,"amount_due":4900,"currency":"eur",
             "hosted_invoice_url":"https://invoice.stripe.com/i/test","period_start":1764547200,"period_end":1767225600,
             "parent":{"type":"subscription_details","quote_details":null,"subscription_details":{"subscription":"sub_9","metadata":{"org_id":"ORG_ID"}}}}
            """);

        e.Invoice.Should().Be(new InvoiceInfo("in_1", "INV-0001", 4900, "eur", "https://invoice.stripe.com/i/test",
            DateTimeOffset.FromUnixTimeSeconds(1764547200), DateTimeOffset.FromUnixTimeSeconds(1767225600), "sub_9"));
        (e.CustomerId, e.OrgId).Should().Be(("cus_1", (Guid?)OrgId));
    }

    [Fact]
    public void An_unpaid_invoice_reports_the_amount_due_and_a_bare_one_has_no_period()
    {
        var invoice = Translate("invoice.payment_failed", """{"id":"in_2","object":"invoice","amount_paid":0,"amount_due":2500}""").Invoice!;

        (invoice.AmountCents, invoice.Currency, invoice.PeriodStart, invoice.PeriodEnd, invoice.SubscriptionId)
            .Should().Be((2500L, "usd", (DateTimeOffset?)null, (DateTimeOffset?)null, (string?)null));
    }

    [Fact]
    public void A_payment_intent_carries_its_status_and_failure()
    {
        var e = Translate("payment_intent.payment_failed", """
            {"id":"pi_1","object":"payment_intent","status":"requires_payment_method","customer":"cus_1","metadata":{"org_id":"ORG_ID"},
             "last_payment_error":{"type":"card_error","code":"card_declined","message":"Your card was declined."}}
            """);

        e.Payment.Should().Be(new PaymentInfo("pi_1", PaymentOrderStatus.AwaitingAuthorization, "Your card was declined."));
        e.OrgId.Should().Be(OrgId);
    }

    [Theory]
    [InlineData("invoice.paid", """{"id":"sub_1","object":"subscription"}""", "must carry an invoice")]
    [InlineData("customer.subscription.updated", """{"id":"in_1","object":"invoice"}""", "must carry a subscription")]
    [InlineData("invoice.paid", """{"object":"invoice"}""", "no id")]
    [InlineData("customer.subscription.updated", """{"id":"sub_1","object":"subscription","items":{"object":"list","data":[{"id":"si_1","object":"subscription_item"}]}}""", "no price")]
    public void An_object_that_does_not_fit_its_event_is_a_format_error(string type, string dataObject, string problem)
    {
        FluentActions.Invoking(() => Translate(type, dataObject)).Should().Throw<FormatException>().WithMessage($"*{problem}*");
    }
}
