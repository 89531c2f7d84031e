using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Time.Testing;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Infrastructure.Email;

namespace VoiceTraining.UnitTests.Infrastructure.Email;

/// <summary>
/// The email client's resilience handler as <see cref="EmailServiceCollectionExtensions.AddEmail"/>
/// registers it, in front of a scripted provider, on a <see cref="FakeTimeProvider"/> registered as the
/// app's clock: waits and try timeouts that would take minutes or hours happen when the test moves the clock.
/// </summary>
public class EmailResilienceTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly ScriptedProvider _provider;

    public EmailResilienceTests() => _provider = new ScriptedProvider(_clock);

    [Fact]
    public async Task A_429s_retry_after_is_waited_for_on_the_apps_clock()
    {
        var sender = Sender(("Email:MaxRetryAfter", "02:00:00"));
        _provider.Then(_ => Answer(HttpStatusCode.TooManyRequests, ("Retry-After", "3600")));

        var result = await RunAsync(sender.SendAsync(Email(), CancellationToken.None), step: TimeSpan.FromMinutes(1));

        result.Outcome.Should().Be(EmailSendOutcome.Sent);
        var requests = _provider.Requests.ToList();
        requests.Should().HaveCount(2);
        (requests[1].At - requests[0].At).Should().BeGreaterThanOrEqualTo(TimeSpan.FromHours(1))
            .And.BeLessThan(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5), "the wait is the answer's, not the backoff's");
        requests.Select(r => r.IdempotencyKey).Distinct().Should().ContainSingle("a retry keeps its Idempotency-Key");
    }

    [Fact]
    public async Task A_try_that_hangs_is_cut_off_after_the_attempt_timeout_and_retried()
    {
        var sender = Sender(("Email:AttemptTimeout", "00:00:20"), ("Email:MaxRetries", "1"));
        _provider.Then(Hang);

        var result = await RunAsync(sender.SendAsync(Email(), CancellationToken.None), step: TimeSpan.FromSeconds(1));

        result.Outcome.Should().Be(EmailSendOutcome.Sent);
        _provider.Requests.Should().HaveCount(2);
        _provider.CancelledAt.Should().ContainSingle().Which.Should().BeCloseTo(_provider.Requests.First().At + TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Server_errors_are_retried_max_retries_times_then_left_to_the_outbox()
    {
        var sender = Sender(("Email:MaxRetries", "2"), ("Email:RetryBaseDelay", "00:00:01"));
        for (var i = 0; i < 3; i++) _provider.Then(_ => Answer(HttpStatusCode.BadGateway));

        var result = await RunAsync(sender.SendAsync(Email(), CancellationToken.None), step: TimeSpan.FromMilliseconds(200));

        _provider.Requests.Should().HaveCount(3, "the first try and two quick retries");
        (result.Outcome, result.StatusCode).Should().Be((EmailSendOutcome.Retry, 502));
    }

    [Fact]
    public async Task No_quick_retries_when_max_retries_is_zero()
    {
        var sender = Sender(("Email:MaxRetries", "0"));
        _provider.Then(_ => Answer(HttpStatusCode.ServiceUnavailable));

        var result = await RunAsync(sender.SendAsync(Email(), CancellationToken.None), step: TimeSpan.FromSeconds(1));

        _provider.Requests.Should().ContainSingle();
        result.Outcome.Should().Be(EmailSendOutcome.Retry);
    }

    [Fact]
    public async Task A_wait_longer_than_max_retry_after_is_left_to_the_outbox()
    {
        var sender = Sender();
        _provider.Then(_ => Answer(HttpStatusCode.TooManyRequests, ("Retry-After", "36000")));

        var result = await RunAsync(sender.SendAsync(Email(), CancellationToken.None), step: TimeSpan.FromSeconds(1));

        _provider.Requests.Should().ContainSingle();
        (result.Outcome, result.RetryAfter).Should().Be((EmailSendOutcome.Retry, TimeSpan.FromHours(10)));
    }

    [Fact]
    public async Task An_answer_whose_body_stalls_is_a_failed_try_not_a_hang()
    {
        var sender = Sender(("Email:AttemptTimeout", "00:00:00.300"), ("Email:MaxRetries", "0"));
        _provider.Then(_ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StalledContent() }));

        var result = await sender.SendAsync(Email(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        (result.Outcome, result.Error).Should().Be((EmailSendOutcome.Retry, "The request failed: the answer's body did not arrive within 0.3 s."));
    }

    /// <summary>Resend's sender from the app's registration, the scripted provider as its transport.</summary>
    private IEmailSender Sender(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RESEND_API_KEY"] = "re_test", ["EMAIL_FROM"] = "n@example.test", ["RESEND_API_BASE_URL"] = "http://resend.test",
        }.Concat(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_clock);
        services.AddEmail(configuration, new HostingEnvironment { EnvironmentName = Environments.Production }, workers: false);
        services.AddSingleton<IHttpMessageHandlerBuilderFilter>(new Transport(_provider));
        return services.BuildServiceProvider().GetRequiredService<IEmailSender>();
    }

    /// <summary>Moves the clock a step at a time, letting the send run between steps, until it is done.</summary>
    private async Task<T> RunAsync<T>(Task<T> send, TimeSpan step)
    {
        var limit = Stopwatch.StartNew();
        while (!send.IsCompleted)
        {
            limit.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "the send finishes on the test's clock");
            _clock.Advance(step);
            await Task.WhenAny(send, Task.Delay(TimeSpan.FromMilliseconds(5)));
        }
        return await send;
    }

    private static OutgoingEmail Email() => new()
    {
        MessageId = Guid.CreateVersion7(), To = "jamie@example.com", Subject = "Hi", Html = "<p>Hi</p>", Text = "Hi", Template = "welcome",
    };

    private static Task<HttpResponseMessage> Answer(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var answer = new HttpResponseMessage(status) { Content = new StringContent("""{"statusCode":0,"name":"scripted","message":"Scripted."}""") };
        foreach (var (name, value) in headers) answer.Headers.TryAddWithoutValidation(name, value);
        return Task.FromResult(answer);
    }

    private static async Task<HttpResponseMessage> Hang(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new UnreachableException();
    }

    /// <summary>Answers scripted replies in turn, then 200 with an id; notes the clock's time of each request and each cancellation.</summary>
    private sealed class ScriptedProvider(TimeProvider clock) : HttpMessageHandler
    {
        private readonly ConcurrentQueue<Func<CancellationToken, Task<HttpResponseMessage>>> _script = new();

        public ConcurrentQueue<(DateTimeOffset At, string IdempotencyKey)> Requests { get; } = new();
        public ConcurrentQueue<DateTimeOffset> CancelledAt { get; } = new();

        public void Then(Func<CancellationToken, Task<HttpResponseMessage>> reply) => _script.Enqueue(reply);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue((clock.GetUtcNow(), string.Join(",", request.Headers.GetValues("Idempotency-Key"))));
            if (!_script.TryDequeue(out var reply))
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($$"""{"id":"{{Guid.NewGuid()}}"}""") };
            try
            {
                return await reply(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                CancelledAt.Enqueue(clock.GetUtcNow());
                throw;
            }
        }
    }

    /// <summary>Puts the provider under every client once the client's own configuration has run.</summary>
    private sealed class Transport(HttpMessageHandler provider) : IHttpMessageHandlerBuilderFilter
    {
        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
        {
            next(builder);
            builder.PrimaryHandler = provider;
        };
    }

    /// <summary>A body that never arrives.</summary>
    private sealed class StalledContent : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            await Task.Delay(Timeout.Infinite, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
