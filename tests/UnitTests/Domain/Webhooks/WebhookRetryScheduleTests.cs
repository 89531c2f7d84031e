using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.UnitTests.Domain.Webhooks;

public class WebhookRetryScheduleTests
{
    private static readonly DateTimeOffset Now = new(2025, 9, 29, 12, 34, 56, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>"200", "503" … a status code; else "timeout", "network" or "blocked".</summary>
    private static WebhookAttemptResult Outcome(string outcome, int? retryAfterSeconds) => outcome switch
    {
        "timeout" => new WebhookAttemptResult(null, WebhookFailureKind.Timeout, "No response within 10 s."),
        "network" => new WebhookAttemptResult(null, WebhookFailureKind.Network, "Connection error: refused"),
        "blocked" => new WebhookAttemptResult(null, WebhookFailureKind.Blocked, "host is loopback address 127.0.0.1"),
        _ => WebhookAttemptResult.FromStatus(int.Parse(outcome, System.Globalization.CultureInfo.InvariantCulture),
            retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null),
    };

    [Theory]
    // attempt (1-based, this run), max attempts, outcome, random, Retry-After (s), expected, expected wait (s) when retried
    // 2xx is success at any attempt.
    [InlineData(1, 6, "200", 0.5, null, "succeeded", null)]
    [InlineData(1, 6, "201", 0.5, null, "succeeded", null)]
    [InlineData(1, 6, "204", 0.5, null, "succeeded", null)]
    [InlineData(1, 6, "299", 0.5, null, "succeeded", null)]
    [InlineData(2, 6, "200", 0.5, null, "succeeded", null)]
    [InlineData(3, 6, "202", 0.0, null, "succeeded", null)]
    [InlineData(4, 6, "200", 0.999, null, "succeeded", null)]
    [InlineData(5, 6, "200", 0.5, 3600, "succeeded", null)]
    [InlineData(6, 6, "200", 0.5, null, "succeeded", null)]
    [InlineData(1, 1, "200", 0.5, null, "succeeded", null)]
    // Retried statuses wait the schedule's next step (1 min after attempt 1).
    [InlineData(1, 6, "500", 0.5, null, "retry", 60.0)]
    [InlineData(1, 6, "502", 0.5, null, "retry", 60.0)]
    [InlineData(1, 6, "503", 0.5, null, "retry", 60.0)]
    [InlineData(1, 6, "504", 0.5, null, "retry", 60.0)]
    [InlineData(1, 6, "408", 0.5, null, "retry", 60.0)]
    [InlineData(1, 6, "429", 0.5, null, "retry", 60.0)]
    [InlineData(1, 6, "301", 0.5, null, "retry", 60.0)]
    [InlineData(1, 6, "302", 0.5, null, "retry", 60.0)]
    [InlineData(1, 6, "307", 0.5, null, "retry", 60.0)]
    // The schedule after attempts 1..5 (1 min, 5 min, 30 min, 2 h, 12 h), at the jitter's bounds (x0.9 and just under x1.1) and middle.
    [InlineData(1, 6, "500", 0.0, null, "retry", 54.0)]
    [InlineData(1, 6, "500", 0.999, null, "retry", 65.988)]
    [InlineData(2, 6, "500", 0.0, null, "retry", 270.0)]
    [InlineData(2, 6, "503", 0.5, null, "retry", 300.0)]
    [InlineData(2, 6, "500", 0.999, null, "retry", 329.94)]
    [InlineData(3, 6, "500", 0.0, null, "retry", 1620.0)]
    [InlineData(3, 6, "502", 0.5, null, "retry", 1800.0)]
    [InlineData(3, 6, "500", 0.999, null, "retry", 1979.64)]
    [InlineData(4, 6, "500", 0.0, null, "retry", 6480.0)]
    [InlineData(4, 6, "504", 0.5, null, "retry", 7200.0)]
    [InlineData(4, 6, "500", 0.999, null, "retry", 7918.56)]
    [InlineData(5, 6, "500", 0.0, null, "retry", 38880.0)]
    [InlineData(5, 6, "500", 0.5, null, "retry", 43200.0)]
    [InlineData(5, 6, "500", 0.999, null, "retry", 47511.36)]
    // The sixth attempt is the last.
    [InlineData(6, 6, "500", 0.5, null, "failed", null)]
    [InlineData(6, 6, "429", 0.5, 60, "failed", null)]
    [InlineData(6, 6, "timeout", 0.5, null, "failed", null)]
    [InlineData(6, 6, "network", 0.5, null, "failed", null)]
    [InlineData(6, 10, "500", 0.5, null, "failed", null)]
    // Other 4xx fail at once, whatever the attempt or a Retry-After.
    [InlineData(1, 6, "400", 0.5, null, "failed", null)]
    [InlineData(1, 6, "401", 0.5, null, "failed", null)]
    [InlineData(1, 6, "403", 0.5, null, "failed", null)]
    [InlineData(1, 6, "404", 0.5, null, "failed", null)]
    [InlineData(1, 6, "422", 0.5, null, "failed", null)]
    [InlineData(3, 6, "404", 0.5, null, "failed", null)]
    [InlineData(1, 6, "400", 0.5, 60, "failed", null)]
    // 410 Gone fails and switches the endpoint off.
    [InlineData(1, 6, "410", 0.5, null, "gone", null)]
    [InlineData(4, 6, "410", 0.5, null, "gone", null)]
    [InlineData(1, 1, "410", 0.5, null, "gone", null)]
    // No answer in time, or no connection: retried.
    [InlineData(1, 6, "timeout", 0.5, null, "retry", 60.0)]
    [InlineData(1, 6, "network", 0.5, null, "retry", 60.0)]
    [InlineData(3, 6, "timeout", 0.0, null, "retry", 1620.0)]
    [InlineData(5, 6, "network", 0.999, null, "retry", 47511.36)]
    // An address the SSRF guard refuses is not tried again.
    [InlineData(1, 6, "blocked", 0.5, null, "failed", null)]
    [InlineData(3, 6, "blocked", 0.5, null, "failed", null)]
    // Retry-After longer than the step is honoured, up to 12 h.
    [InlineData(1, 6, "429", 0.5, 600, "retry", 600.0)]
    [InlineData(1, 6, "503", 0.999, 120, "retry", 120.0)]
    [InlineData(3, 6, "429", 0.5, 2700, "retry", 2700.0)]
    [InlineData(4, 6, "503", 0.5, 10800, "retry", 10800.0)]
    [InlineData(1, 6, "429", 0.5, 43200, "retry", 43200.0)]
    [InlineData(1, 6, "429", 0.5, 46800, "retry", 43200.0)]
    [InlineData(2, 6, "503", 0.0, 86400 * 3, "retry", 43200.0)]
    // Retry-After shorter than the (jittered) step is ignored.
    [InlineData(1, 6, "429", 0.5, 10, "retry", 60.0)]
    [InlineData(1, 6, "503", 0.5, 0, "retry", 60.0)]
    [InlineData(2, 6, "429", 0.0, 269, "retry", 270.0)]
    [InlineData(4, 6, "503", 0.5, 3600, "retry", 7200.0)]
    [InlineData(5, 6, "429", 0.5, 60, "retry", 43200.0)]
    // A test send makes one attempt only.
    [InlineData(1, 1, "500", 0.5, null, "failed", null)]
    [InlineData(1, 1, "429", 0.5, 30, "failed", null)]
    [InlineData(1, 1, "timeout", 0.5, null, "failed", null)]
    [InlineData(1, 1, "network", 0.5, null, "failed", null)]
    [InlineData(2, 3, "500", 0.5, null, "retry", 300.0)]
    [InlineData(3, 3, "500", 0.5, null, "failed", null)]
    public void Decide_follows_the_retry_rules(int runAttempt, int maxAttempts, string outcome, double random, int? retryAfterSeconds,
        string expected, double? waitSeconds)
    {
        var decision = WebhookRetrySchedule.Decide(runAttempt, maxAttempts, Outcome(outcome, retryAfterSeconds), Now, random);

        switch (expected)
        {
            case "succeeded":
                decision.Status.Should().Be(WebhookDeliveryStatus.Succeeded);
                decision.NextAttemptAt.Should().BeNull();
                decision.DisableEndpointReason.Should().BeNull();
                decision.Retries.Should().BeFalse();
                break;
            case "failed":
                decision.Status.Should().Be(WebhookDeliveryStatus.Failed);
                decision.NextAttemptAt.Should().BeNull();
                decision.DisableEndpointReason.Should().BeNull();
                decision.Retries.Should().BeFalse();
                break;
            case "gone":
                decision.Status.Should().Be(WebhookDeliveryStatus.Failed);
                decision.NextAttemptAt.Should().BeNull();
                decision.DisableEndpointReason.Should().Contain("410");
                decision.Retries.Should().BeFalse();
                break;
            case "retry":
                decision.Status.Should().Be(WebhookDeliveryStatus.Pending);
                decision.Retries.Should().BeTrue();
                decision.DisableEndpointReason.Should().BeNull();
                decision.NextAttemptAt.Should().NotBeNull();
                decision.NextAttemptAt!.Value.Should().BeCloseTo(Now + TimeSpan.FromSeconds(waitSeconds!.Value), Tick);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(expected), expected, null);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Decide_rejects_an_attempt_number_below_one(int runAttempt)
    {
        FluentActions.Invoking(() => WebhookRetrySchedule.Decide(runAttempt, 6, WebhookAttemptResult.FromStatus(500), Now, 0.5))
            .Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void The_schedule_is_the_contracts()
    {
        WebhookRetrySchedule.Delays.Should().Equal(
            TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12));
        WebhookRetrySchedule.MaxAttempts.Should().Be(6);
        WebhookRetrySchedule.RetryAfterCap.Should().Be(TimeSpan.FromHours(12));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_jitter_stays_within_ten_percent_of_the_step(int runAttempt)
    {
        var step = WebhookRetrySchedule.Delays[runAttempt];
        for (var i = 0; i < 1000; i++)
        {
            var delay = WebhookRetrySchedule.NextDelay(runAttempt, null, i / 1000.0);
            delay.Should().BeGreaterThanOrEqualTo(step * 0.9).And.BeLessThan(step * 1.1);
        }
        // Out-of-range randoms are clamped rather than stretching the window.
        WebhookRetrySchedule.NextDelay(runAttempt, null, -5).Should().BeCloseTo(step * 0.9, Tick);
        WebhookRetrySchedule.NextDelay(runAttempt, null, 5).Should().BeCloseTo(step * 1.1, Tick);
    }

    [Theory]
    [InlineData(200, false)]
    [InlineData(204, false)]
    [InlineData(301, true)]
    [InlineData(308, true)]
    [InlineData(400, false)]
    [InlineData(408, true)]
    [InlineData(409, false)]
    [InlineData(410, false)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(501, true)]
    [InlineData(599, true)]
    public void IsRetryable_by_status(int statusCode, bool retryable)
    {
        WebhookRetrySchedule.IsRetryable(WebhookAttemptResult.FromStatus(statusCode)).Should().Be(retryable);
    }

    [Fact]
    public void Only_2xx_without_a_failure_counts_as_success()
    {
        WebhookAttemptResult.FromStatus(200).Succeeded.Should().BeTrue();
        WebhookAttemptResult.FromStatus(299).Succeeded.Should().BeTrue();
        WebhookAttemptResult.FromStatus(300).Succeeded.Should().BeFalse();
        WebhookAttemptResult.FromStatus(199).Succeeded.Should().BeFalse();
        new WebhookAttemptResult(null, WebhookFailureKind.Timeout).Succeeded.Should().BeFalse();
        WebhookAttemptResult.FromStatus(302).Error.Should().Contain("redirects are not followed");
    }
}
