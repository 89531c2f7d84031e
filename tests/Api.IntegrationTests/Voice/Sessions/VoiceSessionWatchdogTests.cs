using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Api.IntegrationTests.Voice.Sessions;

/// <summary>
/// The API with its background engine running, so the watchdog runs as in production: every
/// <c>VoiceSessions:WatchdogInterval</c> of the (manual) clock, claimed through job_schedules.
/// The tests move the clock and wait for the state the watchdog leaves.
/// </summary>
public sealed class WatchdogFixture : VoiceSessionFixture
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Workers:Enabled"] = "true";
        settings["VoiceSessions:WatchdogInterval"] = "00:00:05";
    }
}

public sealed class VoiceSessionWatchdogTests(WatchdogFixture fixture) : IClassFixture<WatchdogFixture>
{
    [Fact]
    public async Task An_active_sessions_running_cost_accrues_and_reaching_the_threshold_ends_it_with_cost_limit()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        await fixture.SetVoiceSettingsAsync(org, pricePerMinute: 1.00m, threshold: 2.00m, maxSessionMinutes: 30);
        await using var stream = await LiveStream.OpenAsync(fixture.ClientFor(org.Trainee));
        (await stream.NextAsync(TimeSpan.FromSeconds(5))).Type.Should().Be("ready");
        var started = await fixture.StartAsync(org.Trainee, org.PublishedScenarioId, 2);
        var (sessionId, attemptId) = (started.Id("sessionId"), started.Id("attemptId"));
        var startedAt = fixture.ManualClock.GetUtcNow();
        await fixture.SpeakAsync(attemptId);

        fixture.ManualClock.Advance(TimeSpan.FromSeconds(60));
        await WatchdogReachesAsync(async () => (await fixture.SessionAsync(sessionId)).RunningCost == 1.00m,
            "the watchdog accrued a minute at $1.00 on the running session");
        (await fixture.SessionAsync(sessionId)).Status.Should().Be(VoiceSessionStatus.Active, "$1.00 is below the $2.00 threshold");

        fixture.ManualClock.Advance(TimeSpan.FromSeconds(60));
        await WatchdogReachesAsync(async () => !(await fixture.SessionAsync(sessionId)).IsActive, "the watchdog ended the session at its threshold");

        var session = await fixture.SessionAsync(sessionId);
        (session.EndReason, session.EndedAt, session.RunningCost).Should().Be(("cost_limit", startedAt.AddSeconds(120), 2.00m));
        var usage = (await fixture.UsageOfAsync(attemptId)).Should().ContainSingle().Subject;
        (usage.EndReason, usage.Seconds, usage.CostUsd, usage.VoiceSessionId).Should().Be(("cost_limit", 120, 2.00m, sessionId));
        var attempt = await fixture.AttemptAsync(attemptId);
        (attempt.Status, attempt.EndedReason, attempt.DurationSeconds).Should().Be((AttemptStatus.Completed, "cost_limit", 120));
        attempt.Score.Should().NotBeNull("the attempt went through the same completion as a Vapi call");
        var told = await VoiceSessionFixture.SessionEndedAsync(stream, sessionId);
        told.Data.Str("reason").Should().Be("cost_limit");

        // The member's end-session (say the browser hangs up late) answers how it ended.
        var ended = await fixture.EndAsync(org.Trainee, sessionId);
        (ended.Str("endedReason"), ended.Int("durationSeconds"), ended.GetProperty("cost").GetDecimal()).Should().Be(("cost_limit", 120, 2.00m));
        var report = await fixture.ClientFor(org.Admin).GetJsonAsync("/api/voice/sessions");
        report.Items().Single(s => s.Id() == sessionId).Str("endReason").Should().Be("cost_limit");
        (await fixture.UsageOfAsync(attemptId)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_session_reaching_the_longest_length_is_ended_with_duration_limit()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        await fixture.SetVoiceSettingsAsync(org, pricePerMinute: 0.01m, threshold: 100m, maxSessionMinutes: 1);
        var started = await fixture.StartAsync(org.Trainee, org.PublishedScenarioId, 1);
        var sessionId = started.Id("sessionId");

        fixture.ManualClock.Advance(TimeSpan.FromSeconds(61));
        await WatchdogReachesAsync(async () => !(await fixture.SessionAsync(sessionId)).IsActive, "the watchdog ended the session at its longest length");

        var session = await fixture.SessionAsync(sessionId);
        (session.EndReason, session.RunningCost).Should().Be(("duration_limit", 0.0102m));
        (await fixture.UsageOfAsync(started.Id("attemptId"))).Should().ContainSingle().Which.EndReason.Should().Be("duration_limit");
        (await fixture.AttemptAsync(started.Id("attemptId"))).EndedReason.Should().Be("duration_limit");
    }

    [Fact]
    public async Task The_watchdog_runs_once_per_interval_for_the_installation()
    {
        await Eventually.EventuallyAsync(async () => (await ScheduleAsync())?.LastRunAt is not null, "the engine ran the watchdog once the API started");
        var before = await ScheduleAsync();

        fixture.ManualClock.Advance(TimeSpan.FromSeconds(5));
        await Eventually.EventuallyAsync(async () => (await ScheduleAsync())!.LastRunAt > before!.LastRunAt, "the next pass ran once it was due");
        var after = await ScheduleAsync();
        (after!.Failures, after.LastError).Should().Be((0, (string?)null));
        after.NextRunAt.Should().Be(after.LastRunAt!.Value + TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// Waits for the state a watchdog pass at the clock's present time leaves. A pass that failed
    /// for a session (a lock wait or a dropped connection on a busy machine) is retried at the next
    /// due run, which with the clock standing still never comes, so while the state is not there
    /// the run is made due again at the same time: the outcome depends on the time alone (the
    /// cost is elapsed time × price), so another pass cannot change what the test checks.
    /// </summary>
    private async Task WatchdogReachesAsync(Func<Task<bool>> reached, string because)
    {
        var nudged = DateTime.UtcNow;
        await Eventually.EventuallyAsync(async () =>
        {
            if (await reached()) return true;
            if (DateTime.UtcNow - nudged < TimeSpan.FromSeconds(1)) return false;
            nudged = DateTime.UtcNow;
            var now = fixture.ManualClock.GetUtcNow();
            await fixture.WithDbAsync(db => db.JobSchedules.Where(j => j.Name == "voice-session-watchdog" && j.NextRunAt > now)
                .ExecuteUpdateAsync(u => u.SetProperty(j => j.NextRunAt, now)));
            return false;
        }, because, TimeSpan.FromSeconds(30));
    }

    private Task<VoiceTraining.Infrastructure.Workers.Scheduling.JobSchedule?> ScheduleAsync() =>
        fixture.WithDbAsync(db => db.JobSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.Name == "voice-session-watchdog"));
}
