using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Voice;
using VoiceTraining.Infrastructure.Voice.Providers;

namespace VoiceTraining.UnitTests.Infrastructure.Voice;

/// <summary>The breaker on a fake clock: when it opens, what it lets through, the trial, and how streams count.</summary>
public class ProviderBreakerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly List<string> _events = [];

    private static VoiceProviderSettings Settings(int throughput = 2, double ratio = 0.5) => new()
    {
        BreakerMinimumThroughput = throughput,
        BreakerFailureRatio = ratio,
        BreakerSamplingDuration = TimeSpan.FromSeconds(60),
        BreakerBreakDuration = TimeSpan.FromSeconds(30),
        RequestTimeout = TimeSpan.FromSeconds(5),
        StreamIdleTimeout = TimeSpan.FromSeconds(2),
    };

    private ProviderBreaker Breaker(VoiceProviderSettings? settings = null) => new("openai", VoiceProviderKind.Llm, settings ?? Settings(), _clock, NullLogger.Instance,
        opened: (_, error, hold) => { _events.Add($"opened {hold.TotalSeconds}s: {error}"); return Task.CompletedTask; },
        closed: _ => { _events.Add("closed"); return Task.CompletedTask; });

    private static VoiceProviderException Failure(VoiceProviderFailure kind = VoiceProviderFailure.Unavailable) => new("openai", VoiceProviderKind.Llm, kind, "HTTP 503");

    private static Task<int> Fail(ProviderBreaker breaker, VoiceProviderFailure kind = VoiceProviderFailure.Unavailable) =>
        breaker.ExecuteAsync<int>(_ => throw Failure(kind), CancellationToken.None);

    [Fact]
    public async Task It_opens_when_the_failure_ratio_is_reached_over_the_minimum_throughput_and_then_refuses_without_calling()
    {
        var breaker = Breaker();
        (await breaker.ExecuteAsync(_ => Task.FromResult(1), CancellationToken.None)).Should().Be(1);
        breaker.State.Should().Be(BreakerState.Closed);
        await FluentActions.Awaiting(() => Fail(breaker)).Should().ThrowAsync<VoiceProviderException>().WithMessage("openai: HTTP 503");
        breaker.State.Should().Be(BreakerState.Open, "one failure in two calls is the 0.5 ratio");
        _events.Should().Equal("opened 30s: HTTP 503");
        breaker.AllowsCalls.Should().BeFalse();
        breaker.OpenUntil.Should().Be(_clock.GetUtcNow().AddSeconds(30));

        var called = false;
        var refused = await FluentActions.Awaiting(() => breaker.ExecuteAsync(_ => { called = true; return Task.FromResult(2); }, CancellationToken.None))
            .Should().ThrowAsync<VoiceProviderException>();
        refused.Which.Detail.Should().Contain("circuit breaker is open");
        called.Should().BeFalse();
    }

    [Fact]
    public async Task After_the_break_it_reports_half_open_and_a_successful_trial_closes_it()
    {
        var breaker = Breaker();
        await FluentActions.Awaiting(() => Fail(breaker)).Should().ThrowAsync<VoiceProviderException>();
        await FluentActions.Awaiting(() => Fail(breaker)).Should().ThrowAsync<VoiceProviderException>();
        breaker.State.Should().Be(BreakerState.Open);
        _clock.Advance(TimeSpan.FromSeconds(29));
        breaker.AllowsCalls.Should().BeFalse();
        _clock.Advance(TimeSpan.FromSeconds(2));
        breaker.State.Should().Be(BreakerState.HalfOpen, "the break is over: the next call is the trial");
        breaker.AllowsCalls.Should().BeTrue();
        (await breaker.ExecuteAsync(_ => Task.FromResult(3), CancellationToken.None)).Should().Be(3);
        breaker.State.Should().Be(BreakerState.Closed);
        _events.Should().Equal("opened 30s: HTTP 503", "closed");
    }

    [Fact]
    public async Task A_failed_trial_opens_it_again()
    {
        var breaker = Breaker();
        await FluentActions.Awaiting(() => Fail(breaker)).Should().ThrowAsync<VoiceProviderException>();
        await FluentActions.Awaiting(() => Fail(breaker)).Should().ThrowAsync<VoiceProviderException>();
        _clock.Advance(TimeSpan.FromSeconds(31));
        await FluentActions.Awaiting(() => Fail(breaker)).Should().ThrowAsync<VoiceProviderException>();
        breaker.State.Should().Be(BreakerState.Open);
        _events.Should().HaveCount(2).And.AllSatisfy(e => e.Should().StartWith("opened"));
    }

    [Fact]
    public async Task Refused_requests_do_not_count_against_the_provider()
    {
        var breaker = Breaker();
        for (var i = 0; i < 5; i++)
            await FluentActions.Awaiting(() => Fail(breaker, VoiceProviderFailure.Rejected)).Should().ThrowAsync<VoiceProviderException>();
        breaker.State.Should().Be(BreakerState.Closed, "refused requests count as calls the provider answered");
        var unauthorized = Breaker();
        await FluentActions.Awaiting(() => Fail(unauthorized, VoiceProviderFailure.Unauthorized)).Should().ThrowAsync<VoiceProviderException>();
        await FluentActions.Awaiting(() => Fail(unauthorized, VoiceProviderFailure.Unauthorized)).Should().ThrowAsync<VoiceProviderException>();
        unauthorized.State.Should().Be(BreakerState.Open, "a key that stopped working does count");
    }

    [Fact]
    public async Task The_minimum_throughput_keeps_a_single_failure_from_opening_it()
    {
        var breaker = Breaker(Settings(throughput: 3, ratio: 0.5));
        await FluentActions.Awaiting(() => Fail(breaker)).Should().ThrowAsync<VoiceProviderException>();
        await FluentActions.Awaiting(() => Fail(breaker)).Should().ThrowAsync<VoiceProviderException>();
        breaker.State.Should().Be(BreakerState.Closed, "two calls are under the minimum of three");
        await FluentActions.Awaiting(() => Fail(breaker)).Should().ThrowAsync<VoiceProviderException>();
        breaker.State.Should().Be(BreakerState.Open);
    }

    [Fact]
    public async Task A_stream_is_one_call_its_pieces_pass_through_and_a_failure_mid_stream_counts()
    {
        var breaker = Breaker();
        var pieces = new List<string>();
        await foreach (var piece in breaker.StreamAsync(_ => Pieces(["a", "b", "c"]), CancellationToken.None)) pieces.Add(piece);
        pieces.Should().Equal("a", "b", "c");

        var read = new List<string>();
        var broken = async () => { await foreach (var piece in breaker.StreamAsync(_ => Pieces(["x"], failAfter: true), CancellationToken.None)) read.Add(piece); };
        await broken.Should().ThrowAsync<VoiceProviderException>();
        read.Should().Equal("x");
        breaker.State.Should().Be(BreakerState.Open, "one whole stream succeeded and one broke: half failed");
    }

    [Fact]
    public async Task A_caller_that_stops_reading_early_is_no_failure()
    {
        var breaker = Breaker();
        for (var i = 0; i < 3; i++)
            await foreach (var _ in breaker.StreamAsync(_ => Pieces(["a", "b", "c", "d"]), CancellationToken.None)) break;
        breaker.State.Should().Be(BreakerState.Closed);
        _events.Should().BeEmpty();
    }

    private static async IAsyncEnumerable<string> Pieces(string[] pieces, bool failAfter = false)
    {
        foreach (var piece in pieces)
        {
            await Task.Yield();
            yield return piece;
        }
        if (failAfter) throw Failure();
    }
}
