using FluentAssertions;
using VoiceTraining.Domain.Common;

namespace VoiceTraining.UnitTests.Domain.Common;

public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RetrySchedule Schedule = new([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)]);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(3, 30)]
    public void Each_failed_attempt_waits_its_step(int attempts, int minutes) =>
        Schedule.NextAttempt(attempts, Now).Should().Be(Now.AddMinutes(minutes));

    [Fact]
    public void After_the_last_step_the_work_is_given_up()
    {
        Schedule.MaxAttempts.Should().Be(4);
        Schedule.NextAttempt(4, Now).Should().BeNull();
        Schedule.NextAttempt(9, Now).Should().BeNull();
    }

    [Fact]
    public void Attempts_are_counted_from_one() =>
        FluentActions.Invoking(() => Schedule.NextAttempt(0, Now)).Should().Throw<ArgumentOutOfRangeException>();

    [Theory]
    [InlineData(0.0, 54)]
    [InlineData(0.5, 60)]
    [InlineData(0.999999, 66)]
    public void Jitter_spreads_a_wait_by_its_fraction_either_way(double random, int seconds)
    {
        var jittered = Schedule with { Jitter = 0.10 };
        jittered.Delay(1, random: random).TotalSeconds.Should().BeApproximately(seconds, 0.01);
    }

    [Fact]
    public void A_retry_after_is_ignored_unless_the_schedule_has_a_cap() =>
        Schedule.Delay(1, TimeSpan.FromHours(3)).Should().Be(TimeSpan.FromMinutes(1));

    [Theory]
    [InlineData(10, 60)]      // shorter than the step: the step wins
    [InlineData(600, 600)]    // longer: honoured
    [InlineData(86400, 3600)] // longer than the cap: the cap
    public void A_retry_after_stretches_a_wait_up_to_the_cap(int retryAfterSeconds, int expectedSeconds)
    {
        var capped = Schedule with { RetryAfterCap = TimeSpan.FromHours(1) };
        capped.Delay(1, TimeSpan.FromSeconds(retryAfterSeconds)).Should().Be(TimeSpan.FromSeconds(expectedSeconds));
    }
}
