using System.Net;
using System.Text;
using VoiceTraining.Infrastructure.Billing.Stripe;
using VoiceTraining.Infrastructure.Resilience;

namespace VoiceTraining.UnitTests.Infrastructure.Billing.Stripe;

public class StripeResilienceTests
{
    private static HttpResponseMessage Response(int status, string? shouldRetry = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status);
        if (shouldRetry is not null) response.Headers.Add("Stripe-Should-Retry", shouldRetry);
        return response;
    }

    [Theory]
    [InlineData(200, null, false)]
    [InlineData(429, null, true)]
    [InlineData(500, null, true)]
    [InlineData(502, null, true)]
    [InlineData(503, null, true)]
    [InlineData(400, null, false)]
    [InlineData(401, null, false)]
    [InlineData(402, null, false)]
    [InlineData(404, null, false)]
    [InlineData(409, null, false)]
    [InlineData(500, "false", false)]
    [InlineData(429, "false", false)]
    [InlineData(409, "true", true)]
    [InlineData(400, "true", true)]
    [InlineData(500, "TRUE", true)]
    [InlineData(500, "maybe", true)]
    [InlineData(200, "true", false)]
    public void Stripe_should_retry_overrides_the_status_rule(int status, string? header, bool retried)
    {
        using var response = Response(status, header);
        StripeResilience.ShouldRetry(response).Should().Be(retried);
    }

    /// <summary>Answers with the next item of a script: a status, or an exception to throw (a network failure).</summary>
    private sealed class ScriptedHandler(params object[] script) : HttpMessageHandler
    {
        public List<(string? IdempotencyKey, string Body)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Seen.Add((request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null, body));
            var next = script[Math.Min(Seen.Count, script.Length) - 1];
            if (next is Exception e) throw e;
            return new HttpResponseMessage((HttpStatusCode)(int)next) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        }
    }

    private static HttpClient Client(ScriptedHandler inner, int maxRetries = 2) =>
        new(new ResilienceHandler(StripeResilience.Pipeline(new StripeRetryOptions { MaxRetries = maxRetries, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero }))
        {
            InnerHandler = inner,
        }) { BaseAddress = new Uri("http://stripe.invalid/") };

    private static HttpRequestMessage Post() => new(HttpMethod.Post, "v1/customers")
    {
        Headers = { { "Idempotency-Key", "key-1" } },
        Content = new StringContent("email=a%40b.test", Encoding.ASCII, "application/x-www-form-urlencoded"),
    };

    [Fact]
    public async Task A_network_error_is_retried_with_the_same_key_and_body()
    {
        var inner = new ScriptedHandler(new HttpRequestException("Connection reset by peer"), 200);
        using var client = Client(inner);

        using var response = await client.SendAsync(Post());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        inner.Seen.Should().Equal(("key-1", "email=a%40b.test"), ("key-1", "email=a%40b.test"));
    }

    [Fact]
    public async Task Network_errors_beyond_the_retries_surface()
    {
        var inner = new ScriptedHandler(new HttpRequestException("Connection refused"));
        using var client = Client(inner, maxRetries: 3);

        await FluentActions.Awaiting(() => client.SendAsync(Post())).Should().ThrowAsync<HttpRequestException>();
        inner.Seen.Should().HaveCount(4);
    }

    [Fact]
    public async Task The_backoff_waits_on_the_given_clock()
    {
        // A clock that never advances: the first retry's delay never ends, so only one request is made
        // until the caller gives up. Proves delays come from the injected TimeProvider, not the wall clock.
        var inner = new ScriptedHandler(503, 200);
        var pipeline = StripeResilience.Pipeline(new StripeRetryOptions { BaseDelay = TimeSpan.FromSeconds(1) }, new FrozenClock());
        using var client = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = inner }) { BaseAddress = new Uri("http://stripe.invalid/") };
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await FluentActions.Awaiting(() => client.SendAsync(Post(), cts.Token)).Should().ThrowAsync<OperationCanceledException>();
        inner.Seen.Should().HaveCount(1);
    }

    private sealed class FrozenClock : TimeProvider
    {
        private readonly DateTimeOffset _now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverTimer();

        private sealed class NeverTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => default;
        }
    }

    [Fact]
    public void Errors_map_from_stripes_error_object()
    {
        var e = StripeApiException.FromResponse(HttpStatusCode.PaymentRequired,
            """{"error":{"type":"card_error","code":"card_declined","decline_code":"stolen_card","message":"Your card was declined.","param":"source","doc_url":"https://stripe.com/docs/error-codes/card-declined"}}""",
            "req_abc");

        e.Status.Should().Be(HttpStatusCode.PaymentRequired);
        e.Type.Should().Be("card_error");
        e.Code.Should().Be("card_declined");
        e.DeclineCode.Should().Be("stolen_card");
        e.Message.Should().Be("Your card was declined.");
        e.Param.Should().Be("source");
        e.RequestId.Should().Be("req_abc");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("""{"message":"not stripe's shape"}""")]
    [InlineData("""{"error":"a string"}""")]
    [InlineData("[1,2]")]
    public void A_body_that_is_not_stripes_error_still_gives_a_clear_exception(string? body)
    {
        var e = StripeApiException.FromResponse(HttpStatusCode.BadGateway, body, null);

        e.Status.Should().Be(HttpStatusCode.BadGateway);
        e.Type.Should().BeNull();
        e.Message.Should().Be("Stripe answered 502 BadGateway without an error object.");
    }

    [Fact]
    public void An_error_object_without_a_message_is_described_by_its_type()
    {
        var e = StripeApiException.FromResponse(HttpStatusCode.Conflict, """{"error":{"type":"idempotency_error"}}""", null);

        e.Type.Should().Be("idempotency_error");
        e.Message.Should().Be("Stripe answered 409 (idempotency_error).");
    }
}
