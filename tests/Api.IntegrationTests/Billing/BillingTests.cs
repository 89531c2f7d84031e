using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Email;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Api.IntegrationTests.Billing;

/// <summary>Checkout, portal, plan changes, orders and Stripe's webhooks, against a local Stripe that checks the wire format.</summary>
public sealed class BillingTests(BillingFixture fixture) : IClassFixture<BillingFixture>
{
    private FakeStripe Stripe => fixture.Stripe;

    private Task<Organization> OrgAsync(Guid id) => fixture.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == id));

    private Task<int> SetAsync(Guid orgId, FormattableString sql) => fixture.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync(sql));

    /// <summary>The emails of this template the organization's billing events caused.</summary>
    private Task<List<EmailMessage>> EmailsAsync(Guid orgId, string template) =>
        fixture.WithDbAsync(db => db.EmailMessages.AsNoTracking().Where(e => e.OrgId == orgId && e.Template == template).OrderBy(e => e.CreatedAt).ToListAsync());

    [Fact]
    public async Task Plans_list_the_catalogue_with_price_ids_from_the_environment()
    {
        var plans = await fixture.ClientFor(fixture.OrgA.Trainee).GetJsonAsync("/api/billing/plans");
        plans.GetProperty("stripeConfigured").GetBoolean().Should().BeTrue();
        var list = plans.GetProperty("plans").EnumerateArray().ToList();
        list.Select(p => p.Str("id")).Should().Equal("free", "starter", "professional", "enterprise");
        list.Single(p => p.Str("id") == "starter").Str("priceId").Should().Be(BillingFixture.StarterPrice);
        list.Single(p => p.Str("id") == "starter").GetProperty("amountCents").GetInt64().Should().Be(4900);
        list.Single(p => p.Str("id") == "professional").GetProperty("amountCents").GetInt64().Should().Be(19900);
        list.Single(p => p.Str("id") == "enterprise").Str("interval").Should().Be("year");
        list.Single(p => p.Str("id") == "free").GetProperty("purchasable").GetBoolean().Should().BeFalse();
        var addOns = plans.GetProperty("addOns").EnumerateArray().ToList();
        addOns.Select(a => (a.Str("priceId"), a.GetProperty("amountCents").GetInt64())).Should().Equal((BillingFixture.SingleSimPrice, 1000L), (BillingFixture.BundlePrice, 2500L));
    }

    [Fact]
    public async Task Checkout_creates_the_customer_once_and_a_subscription_session_in_stripes_form_encoding()
    {
        var org = await fixture.SeedOrganizationAsync();
        await SetAsync(org.Id, $"UPDATE organizations SET plan = 'free' WHERE id = {org.Id}");
        var admin = fixture.ClientFor(org.Admin);

        var session = await (await admin.PostJsonAsync("/api/checkout/session", new { priceId = BillingFixture.StarterPrice })).ShouldHaveStatus(HttpStatusCode.OK);
        session.Str("url").Should().StartWith("https://checkout.stripe.com/");
        var customerId = (await OrgAsync(org.Id)).BillingCustomerId;
        customerId.Should().StartWith("cus_");

        var customer = Stripe.Requests.Last(r => r.Path == "/v1/customers" && r.Form.GetValueOrDefault("metadata[org_id]") == org.Id.ToString());
        customer.Form["email"].Should().Be(org.Admin.Email);
        var checkout = Stripe.To("/v1/checkout/sessions").Where(r => r.Form["client_reference_id"] == org.Id.ToString()).ToList()[^1];
        checkout.Form.Should().Contain(new Dictionary<string, string>
        {
            ["customer"] = customerId!,
            ["mode"] = "subscription",
            ["line_items[0][price]"] = BillingFixture.StarterPrice,
            ["line_items[0][quantity]"] = "1",
            ["metadata[org_id]"] = org.Id.ToString(),
            ["subscription_data[metadata][org_id]"] = org.Id.ToString(),
            ["success_url"] = "https://app.example.test/billing?success=true",
            ["cancel_url"] = "https://app.example.test/billing?canceled=true",
        });
        checkout.IdempotencyKey.Should().NotBeNullOrEmpty();
        checkout.Version.Should().Be("2026-10-28.endive");

        await (await admin.PostJsonAsync("/api/checkout/session", new { priceId = BillingFixture.ProfessionalPrice })).ShouldHaveStatus(HttpStatusCode.OK);
        Stripe.Requests.Count(r => r.Path == "/v1/customers" && r.Form.GetValueOrDefault("metadata[org_id]") == org.Id.ToString()).Should().Be(1, "the customer is made once");

        await (await admin.PostJsonAsync("/api/checkout/session", new { priceId = BillingFixture.SingleSimPrice })).ShouldBeValidationProblem("priceId");
        await (await admin.PostJsonAsync("/api/checkout/voice-addon", new { priceId = BillingFixture.SingleSimPrice })).ShouldBeProblem(HttpStatusCode.Conflict);
        await (await fixture.ClientFor(org.Manager).PostJsonAsync("/api/checkout/session", new { priceId = BillingFixture.StarterPrice })).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_portal_needs_a_customer_first()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        (await (await admin.PostAsync("/api/billing/portal", null)).ShouldBeProblem(HttpStatusCode.Conflict)).Str("detail").Should().Contain("no Stripe customer");
        await SetAsync(org.Id, $"UPDATE organizations SET stripe_customer_id = {"cus_portal_" + org.Id.ToString("N")[..8]} WHERE id = {org.Id}");
        var portal = await (await admin.PostAsync("/api/billing/portal", null)).ShouldHaveStatus(HttpStatusCode.OK);
        portal.Str("url").Should().StartWith("https://billing.stripe.com/");
        Stripe.To("/v1/billing_portal/sessions")[^1].Form["return_url"].Should().Be("https://app.example.test/billing");
    }

    [Fact]
    public async Task Checkout_completed_activates_the_plan_and_each_event_applies_once()
    {
        var org = await fixture.SeedOrganizationAsync();
        var customer = "cus_co_" + org.Id.ToString("N")[..10];
        var sub = "sub_co_" + org.Id.ToString("N")[..10];
        var now = DateTimeOffset.UtcNow;
        Stripe.AddSubscription(sub, customer, org.Id, "active", now, now.AddMonths(1), (BillingFixture.StarterPrice, 1), (BillingFixture.BundlePrice, 2));
        var body = BillingFixture.Event("evt_co_" + org.Id.ToString("N"), "checkout.session.completed", now, new JsonObject
        {
            ["id"] = "cs_test_x", ["object"] = "checkout.session", ["customer"] = customer, ["subscription"] = sub,
            ["client_reference_id"] = org.Id.ToString(), ["metadata"] = new JsonObject { ["org_id"] = org.Id.ToString() },
        });

        (await fixture.DeliverAsync(body)).Should().Be("applied");
        var state = await OrgAsync(org.Id);
        (state.Plan, state.SubscriptionStatus, state.BillingSubscriptionId, state.BillingCustomerId, state.VoiceSims)
            .Should().Be(("starter", SubscriptionStatus.Active, sub, customer, 6));
        state.CurrentPeriodEnd!.Value.ToUnixTimeSeconds().Should().Be(now.AddMonths(1).ToUnixTimeSeconds());
        (await fixture.DeliverAsync(body)).Should().Be("duplicate");

        var summary = await fixture.ClientFor(org.Admin).GetJsonAsync("/api/billing");
        summary.GetProperty("plan").Str("id").Should().Be("starter");
        summary.Str("status").Should().Be("active");
        summary.GetProperty("seats").GetProperty("allowed").GetInt32().Should().Be(10);
        summary.GetProperty("seats").GetProperty("used").GetDecimal().Should().Be(5);
        var planChanges = await EmailsAsync(org.Id, EmailTemplateNames.PlanChanged);
        planChanges.Should().ContainSingle("the plan change is announced once, to the admin").Which.ToAddress.Should().Be(org.Admin.Email);
        planChanges[0].Subject.Should().EndWith("plan is now Starter");
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_event_apply_it_once()
    {
        var org = await fixture.SeedOrganizationAsync();
        var body = InvoiceEvent(org, "evt_inv_c_" + org.Id.ToString("N"), "invoice.payment_failed", "in_c_" + org.Id.ToString("N")[..8], DateTimeOffset.UtcNow);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => fixture.DeliverAsync(body)));
        outcomes.Count(o => o == "applied").Should().Be(1);
        outcomes.Count(o => o == "duplicate").Should().Be(5);
        (await fixture.WithDbAsync(db => db.Invoices.IgnoreQueryFilters().CountAsync(i => i.OrgId == org.Id))).Should().Be(1);
    }

    [Fact]
    public async Task A_late_subscription_update_does_not_overwrite_a_newer_state()
    {
        var org = await fixture.SeedOrganizationAsync();
        var sub = "sub_ooo_" + org.Id.ToString("N")[..10];
        var t = DateTimeOffset.UtcNow;
        string Updated(string id, string price, DateTimeOffset created) => BillingFixture.Event(id, "customer.subscription.updated", created,
            JsonNode.Parse(Stripe.AddSubscription(sub, "cus_ooo", org.Id, "active", t, t.AddMonths(1), (price, 1)).ToJsonString())!.AsObject());

        var newer = Updated("evt_new_" + org.Id.ToString("N"), BillingFixture.ProfessionalPrice, t.AddSeconds(10));
        var older = Updated("evt_old_" + org.Id.ToString("N"), BillingFixture.StarterPrice, t.AddSeconds(5));
        (await fixture.DeliverAsync(newer)).Should().Be("applied");
        (await fixture.DeliverAsync(older)).Should().Be("stale");
        (await OrgAsync(org.Id)).Plan.Should().Be("professional");

        var deleted = BillingFixture.Event("evt_del_" + org.Id.ToString("N"), "customer.subscription.deleted", t.AddSeconds(20),
            new JsonObject { ["id"] = sub, ["object"] = "subscription", ["customer"] = "cus_ooo", ["status"] = "canceled", ["metadata"] = new JsonObject { ["org_id"] = org.Id.ToString() },
                ["items"] = new JsonObject { ["object"] = "list", ["data"] = new JsonArray(), ["has_more"] = false } });
        (await fixture.DeliverAsync(deleted)).Should().Be("applied");
        var state = await OrgAsync(org.Id);
        (state.Plan, state.SubscriptionStatus, state.BillingSubscriptionId).Should().Be(("free", SubscriptionStatus.Canceled, (string?)null));
        (await fixture.DeliverAsync(newer.Replace("evt_new_", "evt_new2_"))).Should().Be("stale", "an update from before the cancellation changes nothing");
    }

    [Fact]
    public async Task Voice_sims_are_bought_as_a_line_of_the_plan_subscription_prorated_and_charged_now()
    {
        var org = await fixture.SeedOrganizationAsync();
        var tag = org.Id.ToString("N")[..10];
        var (customer, sub) = ("cus_sims_" + tag, "sub_sims_" + tag);
        var t = DateTimeOffset.UtcNow;
        string Updated(int seconds) => BillingFixture.Event($"evt_sims_{tag}_{seconds}", "customer.subscription.updated", t.AddSeconds(seconds),
            JsonNode.Parse(Stripe.Subscriptions[sub].ToJsonString())!.AsObject());
        Stripe.AddSubscription(sub, customer, org.Id, "active", t, t.AddMonths(1), (BillingFixture.ProfessionalPrice, 1));
        (await fixture.DeliverAsync(Updated(0))).Should().Be("applied");
        var admin = fixture.ClientFor(org.Admin);
        var path = $"/v1/subscriptions/{sub}";

        // A new line: the bundle's price and quantity, charged now for the rest of the period.
        var bought = await (await admin.PostJsonAsync("/api/checkout/voice-addon", new { priceId = BillingFixture.BundlePrice, quantity = 1 })).ShouldHaveStatus(HttpStatusCode.OK);
        (bought.Str("priceId"), bought.Int("quantity"), bought.Int("voiceSims")).Should().Be((BillingFixture.BundlePrice, 1, 3));
        var added = Stripe.To(path).Last(r => r.Method == "POST");
        added.Form.Should().Contain(new Dictionary<string, string>
        {
            ["items[0][price]"] = BillingFixture.BundlePrice, ["items[0][quantity]"] = "1",
            ["proration_behavior"] = "always_invoice", ["payment_behavior"] = "error_if_incomplete",
        }).And.NotContainKey("items[0][id]");
        added.IdempotencyKey.Should().NotBeNullOrEmpty();
        var state = await OrgAsync(org.Id);
        (state.Plan, state.BillingSubscriptionId, state.VoiceSims).Should().Be(("professional", sub, 3), "one subscription holds the plan and its SIMs");

        // More of the same: the line's quantity goes up.
        var more = await (await admin.PostJsonAsync("/api/checkout/voice-addon", new { priceId = BillingFixture.BundlePrice, quantity = 2 })).ShouldHaveStatus(HttpStatusCode.OK);
        (more.Int("quantity"), more.Int("voiceSims")).Should().Be((3, 9));
        var raised = Stripe.To(path).Last(r => r.Method == "POST");
        raised.Form["items[0][id]"].Should().StartWith("si_");
        raised.Form["items[0][quantity]"].Should().Be("3");
        raised.Form.Should().NotContainKey("items[0][price]");

        // Stripe's own update confirms it; the plan's next update keeps the SIMs (they are its lines).
        (await fixture.DeliverAsync(Updated(5))).Should().Be("applied");
        state = await OrgAsync(org.Id);
        (state.Plan, state.BillingSubscriptionId, state.VoiceSims).Should().Be(("professional", sub, 9));
        (await admin.GetJsonAsync("/api/billing")).GetProperty("plan").Str("id").Should().Be("professional");

        // A declined card changes nothing.
        Stripe.FailNext(path, 402, "card_error", "card_declined", "Your card was declined.");
        var declined = await (await admin.PostJsonAsync("/api/checkout/voice-addon", new { priceId = BillingFixture.SingleSimPrice })).ShouldBeProblem(HttpStatusCode.PaymentRequired);
        declined.Str("detail").Should().Contain("declined");
        (await OrgAsync(org.Id)).VoiceSims.Should().Be(9);

        // An organization without a plan subscription (a contract) is told what to do.
        var contract = await fixture.SeedOrganizationAsync();
        (await (await fixture.ClientFor(contract.Admin).PostJsonAsync("/api/checkout/voice-addon", new { priceId = BillingFixture.SingleSimPrice }))
            .ShouldBeProblem(HttpStatusCode.Conflict)).Str("detail").Should().Contain("no plan subscription");
    }

    [Fact]
    public async Task A_subscription_of_add_ons_alone_leaves_the_plan_subscription_as_it_was()
    {
        // Before add-ons became lines of the plan subscription, buying SIMs opened a second
        // subscription holding only the add-on: its events took over the plan subscription's id and
        // SIM count, the plan's next update set the SIMs back to 0, and cancelling the add-on ended the plan.
        var org = await fixture.SeedOrganizationAsync();
        var tag = org.Id.ToString("N")[..10];
        var (customer, plan, addOn) = ("cus_two_" + tag, "sub_plan_" + tag, "sub_addon_" + tag);
        var t = DateTimeOffset.UtcNow;
        string SubscriptionEvent(string type, string id, int seconds, string status, params (string Price, int Quantity)[] lines) =>
            BillingFixture.Event($"evt_{type}_{id}_{seconds}", type, t.AddSeconds(seconds),
                JsonNode.Parse(Stripe.AddSubscription(id, customer, org.Id, status, t, t.AddMonths(1), lines).ToJsonString())!.AsObject());

        (await fixture.DeliverAsync(SubscriptionEvent("customer.subscription.updated", plan, 1, "active", (BillingFixture.ProfessionalPrice, 1), (BillingFixture.SingleSimPrice, 2))))
            .Should().Be("applied");
        (await fixture.DeliverAsync(SubscriptionEvent("customer.subscription.created", addOn, 2, "active", (BillingFixture.BundlePrice, 1))))
            .Should().Be("ignored", "a subscription without a plan is not the plan subscription");
        var state = await OrgAsync(org.Id);
        (state.Plan, state.BillingSubscriptionId, state.VoiceSims, state.SubscriptionStatus)
            .Should().Be(("professional", plan, 2, SubscriptionStatus.Active), "the add-on's subscription took nothing over");

        (await fixture.DeliverAsync(SubscriptionEvent("customer.subscription.updated", plan, 3, "active", (BillingFixture.ProfessionalPrice, 1), (BillingFixture.SingleSimPrice, 3))))
            .Should().Be("applied");
        (await OrgAsync(org.Id)).VoiceSims.Should().Be(3, "the plan subscription's own add-on lines count");

        (await fixture.DeliverAsync(InvoiceEvent(org, "evt_inv_addon_" + tag, "invoice.payment_failed", "in_addon_" + tag, t.AddSeconds(4), subscriptionId: addOn)))
            .Should().Be("applied");
        (await OrgAsync(org.Id)).SubscriptionStatus.Should().Be(SubscriptionStatus.Active, "a failed invoice of another subscription does not make the plan past due");

        (await fixture.DeliverAsync(SubscriptionEvent("customer.subscription.deleted", addOn, 5, "canceled")))
            .Should().Be("ignored", "the end of another subscription does not end the plan");
        state = await OrgAsync(org.Id);
        (state.Plan, state.BillingSubscriptionId, state.VoiceSims, state.SubscriptionStatus)
            .Should().Be(("professional", plan, 3, SubscriptionStatus.Active));

        (await fixture.DeliverAsync(SubscriptionEvent("customer.subscription.deleted", plan, 6, "canceled")))
            .Should().Be("applied");
        state = await OrgAsync(org.Id);
        (state.Plan, state.BillingSubscriptionId, state.VoiceSims).Should().Be(("free", (string?)null, 0), "the plan subscription's own end still ends the plan");
    }

    private static string InvoiceEvent(SeededOrganization org, string eventId, string type, string invoiceId, DateTimeOffset created, long amount = 4900,
        string subscriptionId = "sub_inv") =>
        BillingFixture.Event(eventId, type, created, new JsonObject
        {
            ["id"] = invoiceId, ["object"] = "invoice", ["customer"] = "cus_inv_" + org.Id.ToString("N")[..12], ["number"] = "INV-0001",
            ["amount_paid"] = type == "invoice.payment_failed" ? 0 : amount, ["amount_due"] = amount, ["currency"] = "usd",
            ["hosted_invoice_url"] = "https://invoice.stripe.com/i/test",
            ["period_start"] = created.AddMonths(-1).ToUnixTimeSeconds(), ["period_end"] = created.ToUnixTimeSeconds(),
            // Since 2025-03-31 the subscription (and its metadata) is under the invoice's parent.
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject { ["subscription"] = subscriptionId, ["metadata"] = new JsonObject { ["org_id"] = org.Id.ToString() } },
            },
        });

    [Fact]
    public async Task Invoices_are_recorded_and_set_past_due_then_active()
    {
        var org = await fixture.SeedOrganizationAsync();
        var now = DateTimeOffset.UtcNow;
        var invoice = "in_" + org.Id.ToString("N")[..12];
        (await fixture.DeliverAsync(InvoiceEvent(org, "evt_f_" + org.Id.ToString("N"), "invoice.payment_failed", invoice, now))).Should().Be("applied");
        var state = await OrgAsync(org.Id);
        state.SubscriptionStatus.Should().Be(SubscriptionStatus.PastDue);
        state.PastDueSince.Should().NotBeNull();
        (await EmailsAsync(org.Id, EmailTemplateNames.PaymentFailed)).Should().ContainSingle("admins are told")
            .Which.ToAddress.Should().Be(org.Admin.Email);

        (await fixture.DeliverAsync(InvoiceEvent(org, "evt_p_" + org.Id.ToString("N"), "invoice.payment_succeeded", invoice, now.AddMinutes(5)))).Should().Be("applied");
        state = await OrgAsync(org.Id);
        (state.SubscriptionStatus, state.PastDueSince).Should().Be((SubscriptionStatus.Active, (DateTimeOffset?)null));
        var summary = await fixture.ClientFor(org.Admin).GetJsonAsync("/api/billing");
        var recorded = summary.GetProperty("invoices").EnumerateArray().Single();
        (recorded.Str("status"), recorded.GetProperty("amountCents").GetInt64()).Should().Be(("paid", 4900));
        (await EmailsAsync(org.Id, EmailTemplateNames.InvoiceReceipt)).Should().ContainSingle("the admin gets the receipt")
            .Which.Subject.Should().StartWith("Receipt: $49.00 paid");
    }

    [Fact]
    public async Task Unsigned_or_tampered_or_stale_events_are_refused_and_nothing_is_stored()
    {
        var org = await fixture.SeedOrganizationAsync();
        var id = "evt_bad_" + org.Id.ToString("N");
        var body = InvoiceEvent(org, id, "invoice.payment_failed", "in_bad_" + org.Id.ToString("N")[..8], DateTimeOffset.UtcNow);
        var now = DateTimeOffset.UtcNow;

        // 401 like every provider's bad signature (Stripe retries any non-2xx); the reason is logged, not answered.
        string?[] headers = [null, BillingFixture.Sign(body, now, "whsec_someone_else"), BillingFixture.Sign(body, now.AddSeconds(-301)), "t=abc,v1=zz"];
        foreach (var header in headers)
            (await (await fixture.PostStripeAsync(body, header)).ShouldBeProblem(HttpStatusCode.Unauthorized)).Str("detail").Should().Be("The webhook could not be authenticated.");
        await (await fixture.PostStripeAsync(body.Replace("4900", "1"), BillingFixture.Sign(body, now))).ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await fixture.WithDbAsync(db => db.ProcessedInboundEvents.CountAsync(e => e.EventKey == id))).Should().Be(0);
        (await OrgAsync(org.Id)).SubscriptionStatus.Should().Be(SubscriptionStatus.None);

        // Several v1 signatures (Stripe sends more during a secret roll): one matching is enough.
        var good = BillingFixture.Sign(body, now);
        var rolled = good.Replace(",v1=", ",v1=" + new string('0', 64) + ",v1=");
        (await (await fixture.PostStripeAsync(body, rolled)).ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("applied");
    }

    [Fact]
    public async Task Unknown_event_types_and_unknown_customers_are_acknowledged()
    {
        var unknownType = BillingFixture.Event("evt_unknown_" + Guid.NewGuid().ToString("N"), "charge.dispute.created", DateTimeOffset.UtcNow, new JsonObject { ["id"] = "dp_1", ["object"] = "dispute" });
        (await fixture.DeliverAsync(unknownType)).Should().Be("ignored");
        var strangerInvoice = BillingFixture.Event("evt_stranger_" + Guid.NewGuid().ToString("N"), "invoice.payment_succeeded", DateTimeOffset.UtcNow,
            new JsonObject { ["id"] = "in_stranger", ["object"] = "invoice", ["customer"] = "cus_nobody", ["amount_paid"] = 100, ["currency"] = "usd" });
        (await fixture.DeliverAsync(strangerInvoice)).Should().Be("ignored");
        using var garbage = await fixture.PostStripeAsync("{\"not\":\"an event\"}", BillingFixture.Sign("{\"not\":\"an event\"}", DateTimeOffset.UtcNow));
        await garbage.ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("customer.subscription.updated", """{"id":"sub_bad","object":"subscription","items":"not a list"}""")]
    [InlineData("customer.subscription.updated", """{"id":"sub_bad","object":"subscription","cancel_at_period_end":"maybe"}""")]
    [InlineData("invoice.payment_succeeded", """{"id":"sub_bad","object":"subscription"}""")]
    [InlineData("invoice.payment_succeeded", """{"object":"invoice","amount_paid":100}""")]
    public async Task A_signed_event_with_an_unreadable_object_is_a_clear_problem_and_stores_nothing(string type, string dataObject)
    {
        var id = "evt_malformed_" + Guid.NewGuid().ToString("N");
        var body = $$"""{"id":"{{id}}","object":"event","type":"{{type}}","created":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}},"livemode":false,"data":{"object":""" + dataObject + "}}";

        var problem = await (await fixture.PostStripeAsync(body, BillingFixture.Sign(body, DateTimeOffset.UtcNow))).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.Str("detail").Should().NotBeNullOrWhiteSpace()
            .And.NotContain("Exception").And.NotContain("System.").And.NotContain("Stripe.").And.NotContain("Newtonsoft").And.NotContain("converted");
        (await fixture.WithDbAsync(db => db.ProcessedInboundEvents.CountAsync(e => e.EventKey == id))).Should().Be(0);
    }

    [Fact]
    public async Task Changing_plan_updates_the_subscription_item_with_proration()
    {
        var org = await fixture.SeedOrganizationAsync();
        var sub = "sub_chg_" + org.Id.ToString("N")[..10];
        var now = DateTimeOffset.UtcNow;
        Stripe.AddSubscription(sub, "cus_chg", org.Id, "active", now, now.AddMonths(1), (BillingFixture.StarterPrice, 1));
        (await fixture.DeliverAsync(BillingFixture.Event("evt_chg_" + org.Id.ToString("N"), "customer.subscription.created", now,
            JsonNode.Parse(Stripe.Subscriptions[sub].ToJsonString())!.AsObject()))).Should().Be("applied");
        (await OrgAsync(org.Id)).Plan.Should().Be("starter");

        var changed = await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/billing/change-plan", new { priceId = BillingFixture.ProfessionalPrice }))
            .ShouldHaveStatus(HttpStatusCode.OK);
        changed.Str("plan").Should().Be("professional");
        var update = Stripe.To($"/v1/subscriptions/{sub}").Where(r => r.Method == "POST").ToList()[^1];
        update.Form.Should().Contain(new Dictionary<string, string>
        {
            ["items[0][id]"] = $"si_{sub}_0", ["items[0][price]"] = BillingFixture.ProfessionalPrice, ["proration_behavior"] = "create_prorations",
        });
        (await OrgAsync(org.Id)).Plan.Should().Be("professional");
        // Stripe's confirming event (same second as the state applied) is not refused as stale.
        (await fixture.DeliverAsync(BillingFixture.Event("evt_chg2_" + org.Id.ToString("N"), "customer.subscription.updated", now.AddSeconds(1),
            JsonNode.Parse(Stripe.Subscriptions[sub].ToJsonString())!.AsObject()))).Should().Be("applied");
        (await OrgAsync(org.Id)).Plan.Should().Be("professional");
    }

    [Fact]
    public async Task An_order_is_authorized_then_captured_on_approval_or_released_on_cancel()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        var created = await (await admin.PostJsonAsync("/api/billing/orders", new { description = "Custom scenario package", amountCents = 150000 })).ShouldHaveStatus(HttpStatusCode.Created);
        var order = created.GetProperty("order");
        order.Str("status").Should().Be("awaiting_authorization");
        created.Str("clientSecret").Should().Contain("_secret_");
        var intentId = order.Str("stripePaymentIntentId");
        var request = Stripe.To("/v1/payment_intents")[^1];
        request.Form.Should().Contain(new Dictionary<string, string> { ["amount"] = "150000", ["currency"] = "usd", ["capture_method"] = "manual", ["metadata[order_id]"] = order.Id().ToString() });

        await (await admin.PostAsync($"/api/billing/orders/{order.Id()}/approve", null)).ShouldBeProblem(HttpStatusCode.Conflict);
        var authorized = BillingFixture.Event("evt_auth_" + intentId, "payment_intent.amount_capturable_updated", DateTimeOffset.UtcNow,
            new JsonObject { ["id"] = intentId, ["object"] = "payment_intent", ["status"] = "requires_capture", ["customer"] = "cus_x", ["metadata"] = new JsonObject { ["org_id"] = org.Id.ToString() } });
        (await fixture.DeliverAsync(authorized)).Should().Be("applied");
        (await admin.GetJsonAsync("/api/billing/orders")).EnumerateArray().Single(o => o.Id() == order.Id()).Str("status").Should().Be("authorized");

        var approved = await (await admin.PostAsync($"/api/billing/orders/{order.Id()}/approve", null)).ShouldHaveStatus(HttpStatusCode.OK);
        approved.Str("status").Should().Be("captured");
        Stripe.To($"/v1/payment_intents/{intentId}/capture").Should().ContainSingle();
        await (await admin.PostAsync($"/api/billing/orders/{order.Id()}/cancel", null)).ShouldBeProblem(HttpStatusCode.Conflict);

        var second = (await (await admin.PostJsonAsync("/api/billing/orders", new { description = "Another", amountCents = 5000 })).ShouldHaveStatus(HttpStatusCode.Created)).GetProperty("order");
        var canceled = await (await admin.PostAsync($"/api/billing/orders/{second.Id()}/cancel", null)).ShouldHaveStatus(HttpStatusCode.OK);
        canceled.Str("status").Should().Be("canceled");
    }

    [Fact]
    public async Task Stripe_errors_become_clear_problems()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        await SetAsync(org.Id, $"UPDATE organizations SET stripe_customer_id = {"cus_err_" + org.Id.ToString("N")[..8]} WHERE id = {org.Id}");

        Stripe.FailNext("/v1/payment_intents", 402, "card_error", "card_declined", "Your card was declined.");
        var declined = await (await admin.PostJsonAsync("/api/billing/orders", new { description = "Pack", amountCents = 5000 })).ShouldBeProblem(HttpStatusCode.PaymentRequired);
        declined.Str("detail").Should().Contain("declined");
        declined.Str("code").Should().Be("card_declined");

        Stripe.FailNext("/v1/billing_portal/sessions", 500, "api_error", "internal", "Something went wrong on Stripe's end.", shouldRetry: "false");
        await (await admin.PostAsync("/api/billing/portal", null)).ShouldBeProblem(HttpStatusCode.BadGateway);

        // A 429 is retried by the client and then succeeds with the same idempotency key.
        Stripe.FailNext("/v1/billing_portal/sessions", 429, "rate_limit_error", "rate_limit", "Too many requests.");
        await (await admin.PostAsync("/api/billing/portal", null)).ShouldHaveStatus(HttpStatusCode.OK);
        var lastTwo = Stripe.To("/v1/billing_portal/sessions").TakeLast(2).ToList();
        lastTwo[0].IdempotencyKey.Should().Be(lastTwo[1].IdempotencyKey);
    }
}
