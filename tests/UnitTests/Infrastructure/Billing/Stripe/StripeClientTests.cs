using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Infrastructure.Billing.Stripe;

namespace VoiceTraining.UnitTests.Infrastructure.Billing.Stripe;

/// <summary>The typed client, wired as AddStripeBilling wires it, against a local fake of Stripe's API.</summary>
public sealed class StripeClientTests : IAsyncLifetime
{
    private static readonly Guid OrgId = Guid.Parse("0191f3a2-7b1c-7d2e-9f00-123456789abc");
    private const string OrgIdText = "0191f3a2-7b1c-7d2e-9f00-123456789abc";

    private FakeStripeServer _stripe = null!;
    private ServiceProvider _services = null!;
    private StripeClient _client = null!;

    public async Task InitializeAsync()
    {
        _stripe = await FakeStripeServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STRIPE_SECRET_KEY"] = FakeStripeServer.SecretKey,
            ["STRIPE_API_BASE_URL"] = _stripe.BaseUrl,
            ["NEXT_PUBLIC_APP_URL"] = "https://app.example.com/",
        }).Build();
        _services = new ServiceCollection()
            .AddStripeBilling(configuration, new StripeRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero })
            .BuildServiceProvider();
        _client = _services.GetRequiredService<StripeClient>();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    private const string Customer = """{"id":"cus_123","object":"customer","email":"ada@acme.test","name":"Acme Lending","metadata":{"org_id":"0191f3a2-7b1c-7d2e-9f00-123456789abc"}}""";

    private const string PaymentIntent = """
        {"id":"pi_123","object":"payment_intent","amount":12500,"currency":"usd","status":"requires_capture","customer":"cus_123",
         "capture_method":"manual","amount_capturable":12500,"amount_received":0,"client_secret":"pi_123_secret_abc","metadata":{"order":"42"}}
        """;

    private const string Subscription = """
        {"id":"sub_123","object":"subscription","customer":"cus_123","status":"active","current_period_end":1767225600,"cancel_at_period_end":false,
         "metadata":{"org_id":"0191f3a2-7b1c-7d2e-9f00-123456789abc"},
         "items":{"object":"list","has_more":false,"url":"/v1/subscription_items?subscription=sub_123","data":[
           {"id":"si_plan","object":"subscription_item","quantity":1,"price":{"id":"price_pro","object":"price","product":"prod_pro","unit_amount":19900,"currency":"usd","recurring":{"interval":"month","interval_count":1},"lookup_key":null}},
           {"id":"si_sims","object":"subscription_item","quantity":2,"price":{"id":"price_sim","object":"price","product":"prod_sim","unit_amount":1000,"currency":"usd","recurring":{"interval":"month","interval_count":1}}}
         ]}}
        """;

    [Fact]
    public async Task Create_customer_sends_bearer_key_pinned_version_idempotency_key_and_a_form_body()
    {
        _stripe.On("POST", "/v1/customers", FakeReply.Json(Customer));

        var customer = await _client.CreateCustomerAsync("ada@acme.test", "Acme Lending", OrgId);

        _stripe.Violations.Should().BeEmpty();
        var request = _stripe.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/v1/customers");
        request.Header("Authorization").Should().Be("Bearer " + FakeStripeServer.SecretKey);
        request.Header("Stripe-Version").Should().Be("2024-06-20");
        Guid.TryParse(request.Header("Idempotency-Key"), out _).Should().BeTrue("a fresh key is generated for the call");
        request.ContentType.Should().Be("application/x-www-form-urlencoded");
        request.Body.Should().Be($"email=ada%40acme.test&metadata[org_id]={OrgIdText}&name=Acme%20Lending");

        customer.Id.Should().Be("cus_123");
        customer.Email.Should().Be("ada@acme.test");
        customer.Name.Should().Be("Acme Lending");
        customer.Metadata.Should().Contain("org_id", OrgIdText);
    }

    [Fact]
    public async Task Checkout_session_has_the_line_item_mode_org_and_return_urls_in_bracket_notation()
    {
        _stripe.On("POST", "/v1/checkout/sessions", FakeReply.Json("""
            {"id":"cs_test_1","object":"checkout.session","url":"https://checkout.stripe.com/c/pay/cs_test_1","customer":"cus_123","subscription":null,
             "client_reference_id":"0191f3a2-7b1c-7d2e-9f00-123456789abc","mode":"subscription","status":"open","payment_status":"unpaid","metadata":{"org_id":"0191f3a2-7b1c-7d2e-9f00-123456789abc"}}
            """));

        var session = await _client.CreateCheckoutSessionAsync("cus_123", "price_pro", 2, OrgId);

        _stripe.Violations.Should().BeEmpty();
        var request = _stripe.Requests.Should().ContainSingle().Subject;
        request.Form.Should().Equal(
            ("cancel_url", "https://app.example.com/billing?canceled=true"),
            ("client_reference_id", OrgIdText),
            ("customer", "cus_123"),
            ("line_items[0][price]", "price_pro"),
            ("line_items[0][quantity]", "2"),
            ("metadata[org_id]", OrgIdText),
            ("mode", "subscription"),
            ("subscription_data[metadata][org_id]", OrgIdText),
            ("success_url", "https://app.example.com/billing?success=true"));
        request.Body.Should().Contain("&line_items[0][price]=price_pro&line_items[0][quantity]=2&", "brackets are sent as they are")
            .And.Contain("success_url=https%3A%2F%2Fapp.example.com%2Fbilling%3Fsuccess%3Dtrue");

        session.Url.Should().Be("https://checkout.stripe.com/c/pay/cs_test_1");
        session.ClientReferenceId.Should().Be(OrgIdText);
        session.Subscription.Should().BeNull();
    }

    [Fact]
    public async Task Billing_portal_session_returns_to_the_billing_page()
    {
        _stripe.On("POST", "/v1/billing_portal/sessions", FakeReply.Json("""
            {"id":"bps_1","object":"billing_portal.session","customer":"cus_123","return_url":"https://app.example.com/billing","url":"https://billing.stripe.com/p/session/test_1"}
            """));

        var session = await _client.CreateBillingPortalSessionAsync("cus_123");

        _stripe.Violations.Should().BeEmpty();
        _stripe.Requests.Single().Body.Should().Be("customer=cus_123&return_url=https%3A%2F%2Fapp.example.com%2Fbilling");
        session.Url.Should().Be("https://billing.stripe.com/p/session/test_1");
        session.ReturnUrl.Should().Be("https://app.example.com/billing");
    }

    [Fact]
    public async Task Retrieve_subscription_is_a_get_without_body_or_idempotency_key_and_reads_items()
    {
        _stripe.On("GET", "/v1/subscriptions/sub_123", FakeReply.Json(Subscription));

        var subscription = await _client.RetrieveSubscriptionAsync("sub_123");

        _stripe.Violations.Should().BeEmpty();
        var request = _stripe.Requests.Single();
        request.Method.Should().Be("GET");
        request.Header("Idempotency-Key").Should().BeNull();
        request.Header("Stripe-Version").Should().Be("2024-06-20");

        subscription.Status.Should().Be("active");
        subscription.Customer.Should().Be("cus_123");
        subscription.CancelAtPeriodEnd.Should().BeFalse();
        subscription.CurrentPeriodEnd.Should().Be(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        subscription.PeriodEnd.Should().Be(subscription.CurrentPeriodEnd);
        subscription.Items.Data.Select(i => (i.Id, i.Price.Id, i.Quantity)).Should().Equal(("si_plan", "price_pro", 1L), ("si_sims", "price_sim", 2L));
        subscription.Items.Data[0].Price.UnitAmount.Should().Be(19900);
        subscription.Items.Data[0].Price.Recurring!.Interval.Should().Be("month");
        subscription.Metadata.Should().Contain("org_id", OrgIdText);
    }

    [Fact]
    public async Task Ids_in_the_path_are_escaped()
    {
        _stripe.On("GET", "/v1/subscriptions/sub_1%2F..%2Fcustomers", FakeReply.Json(Subscription));

        await _client.RetrieveSubscriptionAsync("sub_1/../customers");

        _stripe.Requests.Single().Path.Should().Be("/v1/subscriptions/sub_1%2F..%2Fcustomers");
    }

    [Fact]
    public async Task Update_subscription_items_changes_prices_and_quantities_with_prorations()
    {
        _stripe.On("POST", "/v1/subscriptions/sub_123", FakeReply.Json(Subscription));

        await _client.UpdateSubscriptionItemsAsync("sub_123",
        [
            new SubscriptionItemChange("si_plan", PriceId: "price_pro"),
            new SubscriptionItemChange("si_sims", Quantity: 3),
            new SubscriptionItemChange(null, PriceId: "price_bundle", Quantity: 1),
            new SubscriptionItemChange("si_old", Deleted: true),
        ]);

        _stripe.Violations.Should().BeEmpty();
        _stripe.Requests.Single().Form.Should().Equal(
            ("items[0][id]", "si_plan"),
            ("items[0][price]", "price_pro"),
            ("items[1][id]", "si_sims"),
            ("items[1][quantity]", "3"),
            ("items[2][price]", "price_bundle"),
            ("items[2][quantity]", "1"),
            ("items[3][deleted]", "true"),
            ("items[3][id]", "si_old"),
            ("proration_behavior", "create_prorations"));
    }

    [Fact]
    public async Task Update_subscription_items_refuses_changes_that_say_nothing_sensible()
    {
        await FluentActions.Awaiting(() => _client.UpdateSubscriptionItemsAsync("sub_123", [])).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => _client.UpdateSubscriptionItemsAsync("sub_123", [new SubscriptionItemChange(null, Quantity: 2)])).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => _client.UpdateSubscriptionItemsAsync("sub_123", [new SubscriptionItemChange("si_1", Quantity: 0)])).Should().ThrowAsync<ArgumentException>();
        _stripe.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Payment_intent_is_an_authorization_with_manual_capture_then_captured_or_cancelled()
    {
        _stripe.On("POST", "/v1/payment_intents", FakeReply.Json(PaymentIntent));
        _stripe.On("POST", "/v1/payment_intents/pi_123/capture", FakeReply.Json(PaymentIntent.Replace("requires_capture", "succeeded", StringComparison.Ordinal)));
        _stripe.On("POST", "/v1/payment_intents/pi_123/cancel", FakeReply.Json(PaymentIntent.Replace("requires_capture", "canceled", StringComparison.Ordinal)));

        var created = await _client.CreatePaymentIntentAsync(12500, "USD", "cus_123", new Dictionary<string, string> { ["order"] = "42", ["org_id"] = OrgIdText });
        var captured = await _client.CapturePaymentIntentAsync("pi_123");
        var cancelled = await _client.CancelPaymentIntentAsync("pi_123");

        _stripe.Violations.Should().BeEmpty();
        _stripe.RequestsTo("POST", "/v1/payment_intents").Single().Body.Should()
            .Be($"amount=12500&capture_method=manual&currency=usd&customer=cus_123&metadata[order]=42&metadata[org_id]={OrgIdText}");
        _stripe.RequestsTo("POST", "/v1/payment_intents/pi_123/capture").Single().Body.Should().BeEmpty();
        _stripe.RequestsTo("POST", "/v1/payment_intents/pi_123/cancel").Single().Body.Should().BeEmpty();
        _stripe.Requests.Select(r => r.Header("Idempotency-Key")).Should().OnlyHaveUniqueItems("each call is its own operation");

        created.Status.Should().Be("requires_capture");
        created.CaptureMethod.Should().Be("manual");
        created.AmountCapturable.Should().Be(12500);
        created.ClientSecret.Should().Be("pi_123_secret_abc");
        captured.Status.Should().Be("succeeded");
        cancelled.Status.Should().Be("canceled");
    }

    [Fact]
    public async Task A_caller_given_idempotency_key_is_sent_as_is()
    {
        _stripe.On("POST", "/v1/customers", FakeReply.Json(Customer));

        await _client.CreateCustomerAsync("ada@acme.test", null, OrgId, idempotencyKey: $"customer-{OrgIdText}");

        var request = _stripe.Requests.Single();
        request.Header("Idempotency-Key").Should().Be($"customer-{OrgIdText}");
        request.Form.Select(f => f.Key).Should().NotContain("name", "a null value is left out");
    }

    [Fact]
    public async Task A_429_is_retried_with_the_same_idempotency_key_and_body()
    {
        _stripe.On("POST", "/v1/customers",
            FakeReply.Error(429, "invalid_request_error", "rate_limit", "Too many requests hit the API too quickly."),
            FakeReply.Json(Customer));

        var customer = await _client.CreateCustomerAsync("ada@acme.test", "Acme Lending", OrgId);

        customer.Id.Should().Be("cus_123");
        _stripe.Violations.Should().BeEmpty();
        var requests = _stripe.Requests;
        requests.Should().HaveCount(2);
        requests[1].Header("Idempotency-Key").Should().NotBeNullOrEmpty().And.Be(requests[0].Header("Idempotency-Key"));
        requests[1].Body.Should().Be(requests[0].Body);
    }

    [Fact]
    public async Task A_500_with_stripe_should_retry_false_is_not_retried()
    {
        _stripe.On("POST", "/v1/customers",
            FakeReply.Error(500, "api_error", null, "Something went wrong on Stripe's end.", shouldRetry: "false"),
            FakeReply.Json(Customer));

        var thrown = await FluentActions.Awaiting(() => _client.CreateCustomerAsync("ada@acme.test", null, OrgId)).Should().ThrowAsync<StripeApiException>();

        thrown.Which.Status.Should().Be(HttpStatusCode.InternalServerError);
        thrown.Which.Type.Should().Be("api_error");
        _stripe.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task A_409_with_stripe_should_retry_true_is_retried()
    {
        _stripe.On("POST", "/v1/customers",
            FakeReply.Error(409, "idempotency_error", "lock_timeout", "This object cannot be accessed right now.", shouldRetry: "true"),
            FakeReply.Json(Customer));

        (await _client.CreateCustomerAsync("ada@acme.test", null, OrgId)).Id.Should().Be("cus_123");
        _stripe.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_persistent_503_gives_up_after_the_retries_and_reports_the_last_answer()
    {
        _stripe.On("GET", "/v1/subscriptions/sub_123", FakeReply.Error(503, "api_error", null, "Stripe is unavailable."));

        var thrown = await FluentActions.Awaiting(() => _client.RetrieveSubscriptionAsync("sub_123")).Should().ThrowAsync<StripeApiException>();

        thrown.Which.Status.Should().Be(HttpStatusCode.ServiceUnavailable);
        thrown.Which.Message.Should().Be("Stripe is unavailable.");
        _stripe.Requests.Should().HaveCount(3, "one try and two retries");
    }

    [Fact]
    public async Task A_402_card_error_is_final_and_carries_stripes_error_fields()
    {
        _stripe.On("POST", "/v1/payment_intents",
            FakeReply.Error(402, "card_error", "card_declined", "Your card has insufficient funds.", param: "payment_method", declineCode: "insufficient_funds"));

        var thrown = await FluentActions.Awaiting(() => _client.CreatePaymentIntentAsync(5000, "usd", "cus_123", null)).Should().ThrowAsync<StripeApiException>();

        var e = thrown.Which;
        e.Status.Should().Be(HttpStatusCode.PaymentRequired);
        e.Type.Should().Be("card_error");
        e.IsCardError.Should().BeTrue();
        e.Code.Should().Be("card_declined");
        e.Message.Should().Be("Your card has insufficient funds.");
        e.Param.Should().Be("payment_method");
        e.DeclineCode.Should().Be("insufficient_funds");
        e.RequestId.Should().StartWith("req_");
        _stripe.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task A_400_invalid_request_is_not_retried()
    {
        _stripe.On("POST", "/v1/checkout/sessions",
            FakeReply.Error(400, "invalid_request_error", "resource_missing", "No such price: 'price_nope'", param: "line_items[0][price]"));

        var thrown = await FluentActions.Awaiting(() => _client.CreateCheckoutSessionAsync("cus_123", "price_nope", 1, OrgId)).Should().ThrowAsync<StripeApiException>();

        thrown.Which.Param.Should().Be("line_items[0][price]");
        thrown.Which.Code.Should().Be("resource_missing");
        _stripe.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task The_fake_refuses_a_wrong_key_so_the_checks_are_real()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STRIPE_SECRET_KEY"] = "sk_test_wrong",
            ["STRIPE_API_BASE_URL"] = _stripe.BaseUrl,
        }).Build();
        await using var services = new ServiceCollection().AddStripeBilling(configuration, new StripeRetryOptions { BaseDelay = TimeSpan.Zero }).BuildServiceProvider();

        var thrown = await FluentActions.Awaiting(() => services.GetRequiredService<StripeClient>().RetrieveSubscriptionAsync("sub_123")).Should().ThrowAsync<StripeApiException>();

        thrown.Which.Status.Should().Be(HttpStatusCode.Unauthorized);
        thrown.Which.Message.Should().StartWith("Invalid API Key provided");
        _stripe.Violations.Should().ContainSingle();
    }

    [Fact]
    public async Task Without_a_secret_key_the_client_refuses_to_call()
    {
        await using var services = new ServiceCollection().AddStripeBilling(new ConfigurationBuilder().Build()).BuildServiceProvider();
        services.GetRequiredService<StripeSettings>().IsConfigured.Should().BeFalse();

        await FluentActions.Awaiting(() => services.GetRequiredService<StripeClient>().RetrieveSubscriptionAsync("sub_123"))
            .Should().ThrowAsync<InvalidOperationException>().WithMessage("*STRIPE_SECRET_KEY*");
    }
}
