using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VoiceTraining.Infrastructure.Billing.StripeBilling;

namespace VoiceTraining.UnitTests.Infrastructure.Billing.StripeBilling;

/// <summary>The resilience handler on Stripe's HttpClient, as AddStripeBilling wires it, over a scripted transport.</summary>
public class StripeRetryTests
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
        StripeRetry.ShouldRetry(response).Should().Be(retried);
    }

    /// <summary>
    /// Answers with the next item of a script: a status (with an optional Retry-After in seconds, as "503:2"),
    /// "hang" (an answer that never comes), or an exception to throw (a network failure).
    /// </summary>
    private sealed class ScriptedHandler(params object[] script) : HttpMessageHandler
    {
        private readonly Lock _gate = new();

        public List<(string? IdempotencyKey, string Body)> Seen { get; } = [];

        public int Count
        {
            get { lock (_gate) return Seen.Count; }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            object next;
            lock (_gate)
            {
                Seen.Add((request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null, body));
                next = script[Math.Min(Seen.Count, script.Length) - 1];
            }
            switch (next)
            {
                case Exception e:
                    throw e;
                case "hang":
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    throw new InvalidOperationException("unreachable");
                case string withRetryAfter:
                    var parts = withRetryAfter.Split(':');
                    var response = Status(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
                    response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)));
                    return response;
                default:
                    return Status((int)next);
            }
        }

        private static HttpResponseMessage Status(int status) =>
            new((HttpStatusCode)status) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
    }

    private static ServiceProvider Services(ScriptedHandler inner, StripeRetryOptions options, TimeProvider? clock = null)
    {
        var services = new ServiceCollection().AddLogging();
        if (clock is not null) services.AddSingleton(clock);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STRIPE_SECRET_KEY"] = "sk_test_retry",
            ["STRIPE_API_BASE_URL"] = "http://stripe.invalid",
        }).Build();
        services.AddStripeBilling(configuration, options);
        services.AddHttpClient(StripeBillingServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => inner);
        return services.BuildServiceProvider();
    }

    private static HttpClient Client(ServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(StripeBillingServiceCollectionExtensions.HttpClientName);

    private static readonly StripeRetryOptions NoWaits = new() { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };

    private static HttpRequestMessage Post() => new(HttpMethod.Post, "http://stripe.invalid/v1/customers")
    {
        Headers = { { "Idempotency-Key", "key-1" } },
        Content = new FormUrlEncodedContent([new("email", "a@b.test")]),
    };

    [Fact]
    public async Task A_network_error_is_retried_with_the_same_key_and_body()
    {
        var inner = new ScriptedHandler(new HttpRequestException("Connection reset by peer"), 200);
        await using var services = Services(inner, NoWaits);

        using var response = await Client(services).SendAsync(Post());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        inner.Seen.Should().Equal(("key-1", "email=a%40b.test"), ("key-1", "email=a%40b.test"));
    }

    [Fact]
    public async Task Network_errors_beyond_the_retries_surface()
    {
        var inner = new ScriptedHandler(new HttpRequestException("Connection refused"));
        await using var services = Services(inner, NoWaits with { MaxRetries = 3 });

        await FluentActions.Awaiting(() => Client(services).SendAsync(Post())).Should().ThrowAsync<HttpRequestException>();
        inner.Seen.Should().HaveCount(4);
    }

    [Fact]
    public async Task A_final_answer_is_returned_as_it_is()
    {
        var inner = new ScriptedHandler(402);
        await using var services = Services(inner, NoWaits);

        using var response = await Client(services).SendAsync(Post());

        response.StatusCode.Should().Be(HttpStatusCode.PaymentRequired);
        inner.Seen.Should().ContainSingle();
    }

    /// <summary>Sends, then moves the fake clock a step at a time until the call ends; returns the time it took on that clock.</summary>
    private static async Task<(HttpStatusCode Status, TimeSpan Waited)> SendOnClockAsync(HttpClient client, FakeTimeProvider clock, ScriptedHandler inner)
    {
        var start = clock.GetUtcNow();
        var send = client.SendAsync(Post());
        for (var i = 0; i < 1000 && !send.IsCompleted; i++)
        {
            // The clock starts moving once the first try has been answered (its retry delay is then pending).
            if (inner.Count > 0) clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(send, Task.Delay(10));
        }
        send.IsCompleted.Should().BeTrue("the waits come from the fake clock");
        using var response = await send;
        return (response.StatusCode, clock.GetUtcNow() - start);
    }

    [Fact]
    public async Task The_backoff_waits_on_the_registered_clock()
    {
        // A clock that does not move by itself: the first retry's delay does not end until the test moves it,
        // which proves the delays come from the registered TimeProvider, not the wall clock.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var inner = new ScriptedHandler(503, 200);
        await using var services = Services(inner, new StripeRetryOptions { BaseDelay = TimeSpan.FromSeconds(1) }, clock);
        var client = Client(services);

        var send = client.SendAsync(Post());
        await Task.Delay(300);
        send.IsCompleted.Should().BeFalse();
        inner.Seen.Should().HaveCount(1);

        clock.Advance(TimeSpan.FromSeconds(5));
        using var response = await send.WaitAsync(TimeSpan.FromSeconds(10));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        inner.Seen.Should().HaveCount(2);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(60, 5)]
    public async Task Retry_after_is_honoured_up_to_the_cap(int retryAfterSeconds, int waitedSeconds)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var inner = new ScriptedHandler($"503:{retryAfterSeconds}", 200);
        await using var services = Services(inner, new StripeRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(5) }, clock);

        var (status, waited) = await SendOnClockAsync(Client(services), clock, inner);

        status.Should().Be(HttpStatusCode.OK);
        waited.Should().BeCloseTo(TimeSpan.FromSeconds(waitedSeconds), TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public async Task A_try_that_gets_no_answer_times_out_and_is_retried()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var inner = new ScriptedHandler("hang", 200);
        await using var services = Services(inner, NoWaits with { AttemptTimeout = TimeSpan.FromSeconds(30) }, clock);
        var client = Client(services);

        var send = client.SendAsync(Post());
        for (var i = 0; i < 100 && inner.Count == 0; i++) await Task.Delay(10);
        clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(100);
        send.IsCompleted.Should().BeFalse("a try has 30 s");

        clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await send.WaitAsync(TimeSpan.FromSeconds(10));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        inner.Seen.Should().HaveCount(2);
    }
}
