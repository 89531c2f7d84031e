using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stripe;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Infrastructure.Billing.StripeBilling;
using PaymentOrderStatus = VoiceTraining.Domain.Billing.PaymentOrderStatus;
using SubscriptionStatus = VoiceTraining.Domain.Organizations.SubscriptionStatus;

namespace VoiceTraining.UnitTests.Infrastructure.Billing.StripeBilling;

/// <summary>The billing port over Stripe.net, wired as AddStripeBilling wires it, against a local stand-in of Stripe's API.</summary>
public sealed class StripePaymentProviderTests : IAsyncLifetime
{
    private static readonly Guid OrgId = Guid.Parse("0191f3a2-7b1c-7d2e-9f00-123456789abc");
    private const string OrgIdText = "0191f3a2-7b1c-7d2e-9f00-123456789abc";
    private static readonly Guid OrderId = Guid.Parse("0191f3a2-0000-7000-8000-00000000002a");

    private FakeStripeServer _stripe = null!;
    private ServiceProvider _services = null!;
    private IPaymentProvider _payments = null!;

    public async Task InitializeAsync()
    {
        _stripe = await FakeStripeServer.StartAsync();
        (_services, _payments) = Provider(FakeStripeServer.SecretKey);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    private (ServiceProvider, IPaymentProvider) Provider(string? secretKey)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STRIPE_SECRET_KEY"] = secretKey,
            ["STRIPE_API_BASE_URL"] = _stripe.BaseUrl,
            ["NEXT_PUBLIC_APP_URL"] = "https://app.example.com/",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddStripeBilling(configuration, new StripeRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero })
            .AddSingleton<IPaymentProvider, StripePaymentProvider>()
            .BuildServiceProvider();
        return (services, services.GetRequiredService<IPaymentProvider>());
    }

    private const string Customer = """{"id":"cus_123","object":"customer","email":"ada@acme.test","name":"Acme Lending","metadata":{"org_id":"0191f3a2-7b1c-7d2e-9f00-123456789abc"}}""";

    private const string PaymentIntent = """
        {"id":"pi_123","object":"payment_intent","amount":12500,"currency":"usd","status":"requires_capture","customer":"cus_123",
         "capture_method":"manual","amount_capturable":12500,"amount_received":0,"client_secret":"pi_123_secret_abc","metadata":{"order_id":"42"}}
        """;

    // The pinned version's shape: the billing period is on each item (since 2025-03-31), not on the subscription.
    private const string Subscription = """
        {"id":"sub_123","object":"subscription","customer":"cus_123","status":"active","cancel_at_period_end":false,
         "metadata":{"org_id":"0191f3a2-7b1c-7d2e-9f00-123456789abc"},
         "items":{"object":"list","has_more":false,"url":"/v1/subscription_items?subscription=sub_123","data":[
           {"id":"si_plan","object":"subscription_item","quantity":1,"current_period_start":1764547200,"current_period_end":1767225600,
            "price":{"id":"price_pro","object":"price","product":"prod_pro","unit_amount":19900,"currency":"usd","recurring":{"interval":"month","interval_count":1},"lookup_key":null}},
           {"id":"si_sims","object":"subscription_item","quantity":2,"current_period_start":1764547200,"current_period_end":1767225600,
            "price":{"id":"price_sim","object":"price","product":"prod_sim","unit_amount":1000,"currency":"usd","recurring":{"interval":"month","interval_count":1}}}
         ]}}
        """;

    private const string CheckoutSession = """
        {"id":"cs_test_1","object":"checkout.session","url":"https://checkout.stripe.com/c/pay/cs_test_1","customer":"cus_123","subscription":null,
         "client_reference_id":"0191f3a2-7b1c-7d2e-9f00-123456789abc","mode":"subscription","status":"open","payment_status":"unpaid","metadata":{"org_id":"0191f3a2-7b1c-7d2e-9f00-123456789abc"}}
        """;

    [Fact]
    public void The_sdk_is_pinned_to_the_api_version_the_fixtures_are_written_in()
    {
        StripeConfiguration.ApiVersion.Should().Be(FakeStripeServer.ApiVersion).And.Be("2026-10-28.endive");
    }

    [Fact]
    public async Task Create_customer_sends_bearer_key_pinned_version_the_orgs_idempotency_key_and_a_form_body()
    {
        _stripe.On("POST", "/v1/customers", FakeReply.Json(Customer));

        var id = await _payments.CreateCustomerAsync("ada@acme.test", "Acme Lending", OrgId, default);

        id.Should().Be("cus_123");
        _stripe.Violations.Should().BeEmpty();
        var request = _stripe.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/v1/customers");
        request.Header("Authorization").Should().Be("Bearer " + FakeStripeServer.SecretKey);
        request.Header("Stripe-Version").Should().Be("2026-10-28.endive");
        request.Header("Idempotency-Key").Should().Be($"customer-{OrgIdText}", "one customer per organization, however often it is asked for");
        request.ContentType.Should().StartWith("application/x-www-form-urlencoded");
        request.Form.Should().Equal(("email", "ada@acme.test"), ("metadata[org_id]", OrgIdText), ("name", "Acme Lending"));
    }

    [Theory]
    [InlineData("José Müller & Söhne")]
    [InlineData("a+b = 50% [x]")]
    [InlineData("🙂\nline two")]
    public async Task Values_arrive_exactly_as_given(string name)
    {
        _stripe.On("POST", "/v1/customers", FakeReply.Json(Customer));

        await _payments.CreateCustomerAsync("ada+billing@acme.test", name, OrgId, default);

        _stripe.Violations.Should().BeEmpty("the body is well-formed form encoding");
        var form = _stripe.Requests.Single().Form;
        form.Should().Contain(("name", name)).And.Contain(("email", "ada+billing@acme.test"));
    }

    [Fact]
    public async Task A_customer_without_a_name_sends_no_name()
    {
        _stripe.On("POST", "/v1/customers", FakeReply.Json(Customer));

        await _payments.CreateCustomerAsync("ada@acme.test", null, OrgId, default);

        _stripe.Requests.Single().Form.Select(f => f.Key).Should().NotContain("name", "a null value is left out");
    }

    [Fact]
    public async Task Checkout_session_has_the_line_item_mode_org_and_return_urls_in_bracket_notation()
    {
        _stripe.On("POST", "/v1/checkout/sessions", FakeReply.Json(CheckoutSession));

        var (sessionId, url) = await _payments.CreateCheckoutAsync("cus_123", "price_pro", 2, OrgId, CheckoutOptions.Default, default);

        _stripe.Violations.Should().BeEmpty();
        var request = _stripe.Requests.Should().ContainSingle().Subject;
        request.Form.Should().BeEquivalentTo(new[]
        {
            ("cancel_url", "https://app.example.com/billing?canceled=true"),
            ("client_reference_id", OrgIdText),
            ("customer", "cus_123"),
            ("line_items[0][price]", "price_pro"),
            ("line_items[0][quantity]", "2"),
            ("metadata[org_id]", OrgIdText),
            ("mode", "subscription"),
            ("subscription_data[metadata][org_id]", OrgIdText),
            ("success_url", "https://app.example.com/billing?success=true"),
        });
        request.Body.Should().Contain("line_items[0][price]=price_pro", "brackets are sent as they are")
            .And.Contain("success_url=https%3A%2F%2Fapp.example.com%2Fbilling%3Fsuccess%3Dtrue");
        Guid.TryParse(request.Header("Idempotency-Key"), out _).Should().BeTrue("a fresh key is made for a call without one");
        (sessionId, url).Should().Be(("cs_test_1", "https://checkout.stripe.com/c/pay/cs_test_1"));
    }

    [Fact]
    public async Task A_checkout_session_without_a_url_is_an_upstream_failure()
    {
        _stripe.On("POST", "/v1/checkout/sessions", FakeReply.Json(CheckoutSession.Replace("\"url\":\"https://checkout.stripe.com/c/pay/cs_test_1\",", "", StringComparison.Ordinal)));

        await FluentActions.Awaiting(() => _payments.CreateCheckoutAsync("cus_123", "price_pro", 1, OrgId, CheckoutOptions.Default, default))
            .Should().ThrowAsync<UpstreamFailureException>().WithMessage("*without a URL*");
    }

    [Fact]
    public async Task Billing_portal_session_returns_to_the_billing_page()
    {
        _stripe.On("POST", "/v1/billing_portal/sessions", FakeReply.Json("""
            {"id":"bps_1","object":"billing_portal.session","customer":"cus_123","return_url":"https://app.example.com/billing","url":"https://billing.stripe.com/p/session/test_1"}
            """));

        var url = await _payments.CreateBillingPortalAsync("cus_123", default);

        _stripe.Violations.Should().BeEmpty();
        _stripe.Requests.Single().Form.Should().Equal(("customer", "cus_123"), ("return_url", "https://app.example.com/billing"));
        url.Should().Be("https://billing.stripe.com/p/session/test_1");
    }

    [Fact]
    public async Task Retrieve_subscription_is_a_get_without_body_or_idempotency_key_and_reads_the_items_periods()
    {
        _stripe.On("GET", "/v1/subscriptions/sub_123", FakeReply.Json(Subscription));

        var subscription = await _payments.GetSubscriptionAsync("sub_123", default);

        _stripe.Violations.Should().BeEmpty();
        var request = _stripe.Requests.Single();
        request.Method.Should().Be("GET");
        request.Header("Idempotency-Key").Should().BeNull();
        request.Header("Stripe-Version").Should().Be("2026-10-28.endive");

        subscription.Id.Should().Be("sub_123");
        subscription.Status.Should().Be(SubscriptionStatus.Active);
        subscription.CustomerId.Should().Be("cus_123");
        subscription.CancelAtPeriodEnd.Should().BeFalse();
        subscription.PeriodStart.Should().Be(new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero));
        subscription.PeriodEnd.Should().Be(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        subscription.Lines.Should().Equal(new SubscriptionLine("si_plan", "price_pro", 1), new SubscriptionLine("si_sims", "price_sim", 2));
        subscription.OrgId.Should().Be(OrgId);
    }

    [Fact]
    public async Task Ids_in_the_path_are_escaped()
    {
        _stripe.On("GET", "/v1/subscriptions/sub_1%2F..%2Fcustomers", FakeReply.Json(Subscription));

        await _payments.GetSubscriptionAsync("sub_1/../customers", default);

        _stripe.Requests.Single().Path.Should().Be("/v1/subscriptions/sub_1%2F..%2Fcustomers");
    }

    [Fact]
    public async Task Changing_a_line_moves_its_item_to_the_price_with_prorations()
    {
        _stripe.On("POST", "/v1/subscriptions/sub_123", FakeReply.Json(Subscription));

        var snapshot = await _payments.ChangeLinePriceAsync("sub_123", "si_plan", "price_pro", default);

        _stripe.Violations.Should().BeEmpty();
        _stripe.Requests.Single().Form.Should().Equal(
            ("items[0][id]", "si_plan"),
            ("items[0][price]", "price_pro"),
            ("proration_behavior", "create_prorations"));
        snapshot.Lines.Should().HaveCount(2);
    }

    [Fact]
    public async Task Payment_intent_is_an_authorization_with_manual_capture_then_captured_or_cancelled()
    {
        _stripe.On("POST", "/v1/payment_intents", FakeReply.Json(PaymentIntent));
        _stripe.On("POST", "/v1/payment_intents/pi_123/capture", FakeReply.Json(PaymentIntent.Replace("requires_capture", "succeeded", StringComparison.Ordinal)));
        _stripe.On("POST", "/v1/payment_intents/pi_123/cancel", FakeReply.Json(PaymentIntent.Replace("requires_capture", "canceled", StringComparison.Ordinal)));

        var created = await _payments.AuthorizePaymentAsync(12500, "USD", "cus_123", OrgId, OrderId, default);
        var captured = await _payments.CapturePaymentAsync("pi_123", default);
        var cancelled = await _payments.CancelAuthorizationAsync("pi_123", default);

        _stripe.Violations.Should().BeEmpty();
        _stripe.RequestsTo("POST", "/v1/payment_intents").Single().Form.Should().BeEquivalentTo(new[] {
            ("amount", "12500"), ("capture_method", "manual"), ("currency", "usd"), ("customer", "cus_123"),
            ("metadata[order_id]", OrderId.ToString()), ("metadata[org_id]", OrgIdText) });
        _stripe.RequestsTo("POST", "/v1/payment_intents/pi_123/capture").Single().Body.Should().BeEmpty();
        _stripe.RequestsTo("POST", "/v1/payment_intents/pi_123/cancel").Single().Body.Should().BeEmpty();
        _stripe.Requests.Select(r => r.Header("Idempotency-Key")).Should().Equal($"order-{OrderId}", "capture-pi_123", "cancel-pi_123");

        created.Should().Be(new PaymentAuthorization("pi_123", PaymentOrderStatus.Authorized, "pi_123_secret_abc"));
        captured.Should().Be(PaymentOrderStatus.Captured);
        cancelled.Should().Be(PaymentOrderStatus.Canceled);
    }

    [Fact]
    public async Task Calls_without_a_natural_key_get_a_fresh_one_each()
    {
        _stripe.On("POST", "/v1/billing_portal/sessions", FakeReply.Json("""{"id":"bps_1","object":"billing_portal.session","url":"https://billing.stripe.com/p/session/test_1"}"""));

        await _payments.CreateBillingPortalAsync("cus_123", default);
        await _payments.CreateBillingPortalAsync("cus_123", default);

        _stripe.Requests.Select(r => r.Header("Idempotency-Key")).Should().OnlyHaveUniqueItems("each call is its own operation")
            .And.AllSatisfy(key => Guid.TryParse(key, out _).Should().BeTrue());
    }

    [Fact]
    public async Task A_429_is_retried_with_the_same_idempotency_key_and_body()
    {
        _stripe.On("POST", "/v1/checkout/sessions",
            FakeReply.Error(429, "invalid_request_error", "rate_limit", "Too many requests hit the API too quickly."),
            FakeReply.Json(CheckoutSession));

        (await _payments.CreateCheckoutAsync("cus_123", "price_pro", 1, OrgId, CheckoutOptions.Default, default)).SessionId.Should().Be("cs_test_1");

        _stripe.Violations.Should().BeEmpty();
        var requests = _stripe.Requests;
        requests.Should().HaveCount(2);
        requests[1].Header("Idempotency-Key").Should().NotBeNullOrEmpty().And.Be(requests[0].Header("Idempotency-Key"));
        requests[1].Body.Should().Be(requests[0].Body);
    }

    [Fact]
    public async Task A_500_with_stripe_should_retry_false_is_not_retried_and_is_an_upstream_failure()
    {
        _stripe.On("POST", "/v1/customers",
            FakeReply.Error(500, "api_error", null, "Something went wrong on Stripe's end.", shouldRetry: "false"),
            FakeReply.Json(Customer));

        await FluentActions.Awaiting(() => _payments.CreateCustomerAsync("ada@acme.test", null, OrgId, default))
            .Should().ThrowAsync<UpstreamFailureException>().WithMessage("Stripe is not available right now (500): Something went wrong on Stripe's end.");
        _stripe.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task A_409_with_stripe_should_retry_true_is_retried()
    {
        _stripe.On("POST", "/v1/customers",
            FakeReply.Error(409, "idempotency_error", "lock_timeout", "This object cannot be accessed right now.", shouldRetry: "true"),
            FakeReply.Json(Customer));

        (await _payments.CreateCustomerAsync("ada@acme.test", null, OrgId, default)).Should().Be("cus_123");
        _stripe.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_persistent_503_gives_up_after_the_retries_and_reports_the_last_answer()
    {
        _stripe.On("GET", "/v1/subscriptions/sub_123", FakeReply.Error(503, "api_error", null, "Stripe is unavailable."));

        await FluentActions.Awaiting(() => _payments.GetSubscriptionAsync("sub_123", default))
            .Should().ThrowAsync<UpstreamFailureException>().WithMessage("*(503): Stripe is unavailable.");
        _stripe.Requests.Should().HaveCount(3, "one try and two retries");
    }

    [Fact]
    public async Task A_502_page_that_is_not_stripes_is_an_upstream_failure_without_its_content()
    {
        _stripe.On("GET", "/v1/subscriptions/sub_123", FakeReply.Raw(502, "<html><body>Bad gateway</body></html>"));

        var thrown = await FluentActions.Awaiting(() => _payments.GetSubscriptionAsync("sub_123", default)).Should().ThrowAsync<UpstreamFailureException>();

        thrown.Which.Message.Should().Be("Stripe is not available right now (502): Stripe answered 502 without an error object.");
        _stripe.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_4xx_page_that_is_not_stripes_is_a_refusal_without_its_content()
    {
        _stripe.On("POST", "/v1/billing_portal/sessions", FakeReply.Raw(404, "<html><body>Not here</body></html>"));

        await FluentActions.Awaiting(() => _payments.CreateBillingPortalAsync("cus_123", default))
            .Should().ThrowAsync<ConflictException>().WithMessage("Stripe refused the request: Stripe answered 404 without an error object.");
    }

    [Fact]
    public async Task A_402_card_error_is_final_and_becomes_payment_required_with_the_decline_code()
    {
        _stripe.On("POST", "/v1/payment_intents",
            FakeReply.Error(402, "card_error", "card_declined", "Your card has insufficient funds.", param: "payment_method", declineCode: "insufficient_funds"));

        var thrown = await FluentActions.Awaiting(() => _payments.AuthorizePaymentAsync(5000, "usd", "cus_123", OrgId, OrderId, default)).Should().ThrowAsync<PaymentRequiredException>();

        thrown.Which.Message.Should().Be("Your card has insufficient funds.");
        thrown.Which.Code.Should().Be("insufficient_funds");
        _stripe.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task A_card_error_without_a_decline_code_carries_stripes_code()
    {
        _stripe.On("POST", "/v1/payment_intents", FakeReply.Error(402, "card_error", "expired_card", "Your card has expired."));

        var thrown = await FluentActions.Awaiting(() => _payments.AuthorizePaymentAsync(5000, "usd", "cus_123", OrgId, OrderId, default)).Should().ThrowAsync<PaymentRequiredException>();

        thrown.Which.Code.Should().Be("expired_card");
    }

    [Fact]
    public async Task A_400_invalid_request_is_not_retried_and_is_a_conflict_naming_the_parameter()
    {
        _stripe.On("POST", "/v1/checkout/sessions",
            FakeReply.Error(400, "invalid_request_error", "resource_missing", "No such price: 'price_nope'", param: "line_items[0][price]"));

        await FluentActions.Awaiting(() => _payments.CreateCheckoutAsync("cus_123", "price_nope", 1, OrgId, CheckoutOptions.Default, default))
            .Should().ThrowAsync<ConflictException>().WithMessage("Stripe refused the request: No such price: 'price_nope' (line_items[0][price])");
        _stripe.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task The_stand_in_refuses_a_wrong_key_so_the_checks_are_real()
    {
        var (services, payments) = Provider("sk_test_wrong");
        await using var _ = services;

        await FluentActions.Awaiting(() => payments.GetSubscriptionAsync("sub_123", default))
            .Should().ThrowAsync<UpstreamFailureException>().WithMessage("*refused this installation's API key*");
        _stripe.Violations.Should().ContainSingle().Which.Should().StartWith("Invalid API Key provided");
    }

    [Fact]
    public async Task Stripe_out_of_reach_is_an_upstream_failure_after_the_retries()
    {
        var address = _stripe.BaseUrl;
        await _stripe.DisposeAsync();
        _stripe = await FakeStripeServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STRIPE_SECRET_KEY"] = FakeStripeServer.SecretKey,
            ["STRIPE_API_BASE_URL"] = address,
        }).Build();
        await using var services = new ServiceCollection().AddLogging()
            .AddStripeBilling(configuration, new StripeRetryOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero })
            .AddSingleton<IPaymentProvider, StripePaymentProvider>().BuildServiceProvider();

        var thrown = await FluentActions.Awaiting(() => services.GetRequiredService<IPaymentProvider>().GetSubscriptionAsync("sub_123", default))
            .Should().ThrowAsync<UpstreamFailureException>();

        thrown.Which.Message.Should().Be("Stripe could not be reached or gave an answer that is not Stripe's; try again shortly.");
    }

    [Fact]
    public async Task Without_a_secret_key_every_call_is_refused_as_not_configured()
    {
        var (services, payments) = Provider(null);
        await using var _ = services;

        payments.IsConfigured.Should().BeFalse();
        await FluentActions.Awaiting(() => payments.GetSubscriptionAsync("sub_123", default))
            .Should().ThrowAsync<NotConfiguredException>().WithMessage("*STRIPE_SECRET_KEY*");
        _stripe.Requests.Should().BeEmpty();
    }
}
