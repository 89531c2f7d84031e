using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.UnitTests.Domain.Voice;

public sealed class VoiceSessionTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static VoiceSession Session(decimal price = 0.10m, decimal threshold = 5m, int maxMinutes = 30, int expected = 10) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "platform", expected,
            new VoiceSettings(null, price, threshold, maxMinutes, Start), "hash", Start.AddHours(1), "openai-whisper", "elevenlabs", "openai", Start);

    [Theory]
    [InlineData(0.10, 10, 1.00)]
    [InlineData(0.25, 3, 0.75)]
    [InlineData(0.0333, 7, 0.2331)]
    [InlineData(0, 30, 0)]
    public void The_estimate_is_expected_minutes_times_the_price(double price, int expected, double estimate) =>
        Session((decimal)price, expected: expected).CostEstimate.Should().Be((decimal)estimate);

    [Fact]
    public void The_running_cost_follows_the_elapsed_time()
    {
        var session = Session(price: 0.12m);
        session.Accrue(Start.AddSeconds(90));
        session.RunningCost.Should().Be(0.18m);
    }

    [Theory]
    [InlineData(49, null)]
    [InlineData(50, VoiceSessionEndReasons.CostLimit)]
    [InlineData(51, VoiceSessionEndReasons.CostLimit)]
    public void The_cost_limit_is_passed_at_the_threshold(int minutes, string? reason) =>
        Session(price: 0.10m, threshold: 5m, maxMinutes: 120).LimitPassed(Start.AddMinutes(minutes)).Should().Be(reason);

    [Theory]
    [InlineData(29, null)]
    [InlineData(30, VoiceSessionEndReasons.DurationLimit)]
    public void The_length_limit_is_passed_at_the_longest_session(int minutes, string? reason) =>
        Session(price: 0.01m, threshold: 100m, maxMinutes: 30).LimitPassed(Start.AddMinutes(minutes)).Should().Be(reason);

    [Fact]
    public void Ending_is_idempotent_and_keeps_the_first_end()
    {
        var session = Session(price: 0.10m);
        session.End(VoiceSessionEndReasons.CostLimit, Start.AddMinutes(3)).Should().BeTrue();
        session.End(VoiceSessionEndReasons.Completed, Start.AddMinutes(9)).Should().BeFalse();
        session.EndReason.Should().Be(VoiceSessionEndReasons.CostLimit);
        session.RunningCost.Should().Be(0.30m);
        session.Elapsed(Start.AddHours(5)).Should().Be(TimeSpan.FromMinutes(3));
        session.LimitPassed(Start.AddHours(5)).Should().BeNull("an ended session passes no limit");
    }

    [Fact]
    public void A_provider_switch_is_recorded_once_per_change()
    {
        var session = Session();
        session.SwitchProvider(VoiceProviderKind.Llm, "openrouter", "openai: 503", Start.AddMinutes(1));
        session.SwitchProvider(VoiceProviderKind.Llm, "openrouter", "again", Start.AddMinutes(2));
        session.LlmProvider.Should().Be("openrouter");
        session.ProviderSwitches.Switches.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Kind = VoiceProviderKind.Llm, From = "openai", To = "openrouter", Reason = "openai: 503",
        });
    }

    [Theory]
    [InlineData(0.10, 5.00, 30, 1800)]
    [InlineData(0.10, 1.00, 30, 600)]
    [InlineData(0.30, 1.00, 30, 200)]
    [InlineData(0, 1.00, 15, 900)]
    public void The_longest_call_is_the_sooner_of_the_threshold_and_the_length_limit(double price, double threshold, int maxMinutes, int seconds) =>
        new VoiceSettings(null, (decimal)price, (decimal)threshold, maxMinutes, Start).MaxDurationSeconds.Should().Be(seconds);

    [Theory]
    [InlineData(-0.01, 5, 30)]
    [InlineData(0.10, 0, 30)]
    [InlineData(0.10, 5, 0)]
    [InlineData(0.10, 5, 241)]
    public void Settings_out_of_range_are_refused(double price, double threshold, int maxMinutes)
    {
        var make = () => new VoiceSettings(null, (decimal)price, (decimal)threshold, maxMinutes, Start);
        make.Should().Throw<DomainException>();
    }
}
