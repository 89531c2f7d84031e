using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.UnitTests.Domain.Voice;

public class VoiceProviderHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_provider_is_healthy_and_a_passing_check_changes_nothing()
    {
        var health = new VoiceProviderHealth("openai", VoiceProviderKind.Llm, T0);
        health.IsHealthy.Should().BeTrue();
        health.RecordCheck(true, null, unhealthyAfter: 2, T0.AddSeconds(30)).Should().BeNull();
        health.LastCheckSucceeded.Should().BeTrue();
        health.LastCheckedAt.Should().Be(T0.AddSeconds(30));
    }

    [Fact]
    public void Checks_must_fail_the_configured_number_of_times_in_a_row_and_one_pass_recovers()
    {
        var health = new VoiceProviderHealth("elevenlabs", VoiceProviderKind.TextToSpeech, T0);
        health.RecordCheck(false, "HTTP 503", 2, T0.AddSeconds(1)).Should().BeNull("one failure is a blip");
        health.RecordCheck(true, null, 2, T0.AddSeconds(2)).Should().BeNull();
        health.RecordCheck(false, "HTTP 503", 2, T0.AddSeconds(3)).Should().BeNull("the pass in between reset the count");
        var down = health.RecordCheck(false, "HTTP 503", 2, T0.AddSeconds(4));
        down.Should().BeEquivalentTo(new { Provider = "elevenlabs", From = VoiceProviderStatus.Healthy, To = VoiceProviderStatus.Unhealthy, At = T0.AddSeconds(4) },
            o => o.ExcludingMissingMembers());
        down!.Reason.Should().Contain("2 time(s) in a row: HTTP 503");
        health.RecordCheck(false, "HTTP 503", 2, T0.AddSeconds(5)).Should().BeNull("already unhealthy: told once");
        health.LastError.Should().Be("HTTP 503");
        var up = health.RecordCheck(true, null, 2, T0.AddSeconds(6));
        up!.To.Should().Be(VoiceProviderStatus.Healthy);
        health.StatusChangedAt.Should().Be(T0.AddSeconds(6));
    }

    [Fact]
    public void A_live_failure_holds_the_provider_off_until_the_hold_ends_and_a_check_or_call_confirms()
    {
        var health = new VoiceProviderHealth("openai", VoiceProviderKind.Llm, T0);
        var down = health.RecordLiveFailure("HTTP 500", TimeSpan.FromSeconds(30), 2, T0);
        down!.To.Should().Be(VoiceProviderStatus.Unhealthy);
        down.Reason.Should().Be("live calls are failing: HTTP 500");
        health.LiveHoldUntil.Should().Be(T0.AddSeconds(30));

        health.RecordCheck(true, null, 2, T0.AddSeconds(10)).Should().BeNull("a passing check does not end the hold early");
        health.RecordCheck(true, null, 2, T0.AddSeconds(31))!.To.Should().Be(VoiceProviderStatus.Healthy);
    }

    [Fact]
    public void A_live_recovery_ends_the_hold_but_not_failing_checks()
    {
        var health = new VoiceProviderHealth("openai", VoiceProviderKind.Llm, T0);
        health.RecordLiveFailure("timeout", TimeSpan.FromMinutes(1), 1, T0);
        health.RecordCheck(false, "HTTP 503", 1, T0.AddSeconds(1));
        health.RecordLiveRecovery(1, T0.AddSeconds(2)).Should().BeNull("the check still fails");
        health.LiveHoldUntil.Should().BeNull();
        health.RecordCheck(true, null, 1, T0.AddSeconds(3))!.To.Should().Be(VoiceProviderStatus.Healthy);
    }

    [Fact]
    public void Long_errors_are_cut_to_what_the_column_holds()
    {
        var health = new VoiceProviderHealth("openai", VoiceProviderKind.Llm, T0);
        health.RecordCheck(false, new string('x', 2000), 1, T0);
        health.LastError!.Length.Should().Be(VoiceProviderHealth.MaxText);
        health.StatusReason.Length.Should().BeLessThanOrEqualTo(VoiceProviderHealth.MaxText);
    }

    [Fact]
    public void Turns_are_appended_only_while_the_attempt_is_in_progress()
    {
        var attempt = new Attempt(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, T0);
        attempt.AppendTurns([new TranscriptTurn { Role = "user", Text = "Hi", TimestampMs = 0 }, new TranscriptTurn { Role = "assistant", Text = " ", TimestampMs = 10 }], T0)
            .Should().BeTrue();
        attempt.Transcript.Should().ContainSingle("blank turns are dropped");
        attempt.StartedAt.Should().Be(T0);
        attempt.Fail(null, "gone", null, T0.AddMinutes(1));
        attempt.AppendTurns([new TranscriptTurn { Role = "user", Text = "Still there?" }], T0.AddMinutes(2)).Should().BeFalse();
        attempt.Transcript.Should().ContainSingle();
    }
}
