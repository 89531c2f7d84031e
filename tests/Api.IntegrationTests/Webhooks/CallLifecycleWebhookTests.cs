using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Api.IntegrationTests.Webhooks;

/// <summary>
/// The voice provider's webhooks as they really arrive: out of order, several at once, in Vapi's
/// native shapes; and what a completed call leads to (usage, events, assignments, tracks).
/// Every test uses a private organization, so event counts are its own.
/// </summary>
public sealed class CallLifecycleWebhookTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static string CallId() => "call_" + Guid.NewGuid().ToString("N");

    private Task<Attempt> StoredAsync(Guid id) =>
        fixture.WithDbAsync(db => db.Attempts.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == id));

    private async Task<string> DeliverAsync(string body)
    {
        using var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), body);
        return (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome");
    }

    /// <summary>
    /// The organization's events of this type as integrators get them: the bodies of the webhook
    /// messages written with the change (snake_case JSON), oldest first.
    /// </summary>
    private Task<List<JsonElement>> EventsAsync(Guid orgId, string type) =>
        fixture.WithDbAsync(async db =>
        {
            var payloads = await db.WebhookMessages.IgnoreQueryFilters().Where(m => m.OrgId == orgId && m.EventType == type)
                .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(m => m.Payload).ToListAsync();
            return payloads.Select(ClientHttp.Parse).ToList();
        });

    /// <summary>How many of those name the attempt (the seeded organization's sample message names none).</summary>
    private async Task<int> EventsForAttemptAsync(Guid orgId, string type, Guid attemptId) =>
        (await EventsAsync(orgId, type)).Count(e => e.TryGetProperty("attempt", out var attempt) && attempt.Id() == attemptId);

    private Task<int> UsageRecordsAsync(Guid attemptId) =>
        fixture.WithDbAsync(db => db.VoiceUsageRecords.IgnoreQueryFilters().CountAsync(u => u.AttemptId == attemptId));

    private static string Started(Guid attemptId, string callId, DateTimeOffset at) => JsonSerializer.Serialize(new
    {
        type = "call.started",
        call = new { id = callId, status = "in-progress", startedAt = at.ToString("O"), metadata = new { attempt_id = attemptId } },
    });

    private static string Failed(Guid attemptId, string callId, string reason) => JsonSerializer.Serialize(new
    {
        type = "call.failed",
        call = new { id = callId, status = "failed", endedReason = reason, metadata = new { attempt_id = attemptId } },
    });

    /// <summary>Vapi's status-update message (native shape; timestamp in epoch milliseconds).</summary>
    private static string StatusUpdate(Guid attemptId, string callId, string status, DateTimeOffset at) => JsonSerializer.Serialize(new
    {
        message = new
        {
            type = "status-update",
            status,
            timestamp = at.ToUnixTimeMilliseconds(),
            call = new { id = callId, metadata = new { attempt_id = attemptId } },
        },
    });

    /// <summary>Vapi's end-of-call report (native shape); <paramref name="deliveryNote"/> makes otherwise equal reports differ.</summary>
    private static string EndOfCallReport(Guid attemptId, string callId, DateTimeOffset start, string? deliveryNote = null) => JsonSerializer.Serialize(new
    {
        message = new
        {
            type = "end-of-call-report",
            endedReason = "customer-ended-call",
            startedAt = start.ToString("O"),
            endedAt = start.AddSeconds(45).ToString("O"),
            timestamp = deliveryNote,
            call = new { id = callId, metadata = new { attempt_id = attemptId } },
            artifact = new
            {
                messages = new object[]
                {
                    new { role = "bot", message = "Hello, Sarah speaking.", secondsFromStart = 0.5, duration = 2000 },
                    new { role = "user", message = "Hi Sarah, what matters most to you in a lender?", secondsFromStart = 3.0, duration = 4000 },
                    new { role = "bot", message = "Cost, mostly.", secondsFromStart = 8.0, duration = 1500 },
                    new { role = "user", message = "Could we book a meeting on Thursday to go through the numbers?", secondsFromStart = 10.0, duration = 5000 },
                },
            },
        },
    });

    [Fact]
    public async Task A_start_notice_arriving_after_the_end_does_not_regress_the_attempt()
    {
        var org = await fixture.SeedOrganizationAsync();
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);
        var callId = CallId();

        (await DeliverAsync(VoiceCalls.CallEnded(attemptId, callId))).Should().Be("applied");
        var ended = await StoredAsync(attemptId);
        (await DeliverAsync(Started(attemptId, callId, DateTimeOffset.UtcNow.AddMinutes(5)))).Should().Be("applied");
        (await DeliverAsync(StatusUpdate(attemptId, callId, "in-progress", DateTimeOffset.UtcNow.AddMinutes(6)))).Should().Be("applied");
        (await DeliverAsync(Failed(attemptId, callId, "pipeline-error-late"))).Should().Be("applied");

        var after = await StoredAsync(attemptId);
        after.Status.Should().Be(AttemptStatus.Completed);
        after.StartedAt.Should().Be(ended.StartedAt, "a late start notice does not move the start of a finished call");
        after.EndedAt.Should().Be(ended.EndedAt);
        after.Score.Should().Be(ended.Score);
        after.FailureReason.Should().BeNull();
        after.UpdatedAt.Should().Be(ended.UpdatedAt, "late notices change nothing");
        var attempts = await fixture.WithDbAsync(db => db.Attempts.IgnoreQueryFilters()
            .CountAsync(a => a.MemberId == org.Trainee.Id && a.ScenarioId == org.PublishedScenarioId && a.Status == AttemptStatus.Completed));
        attempts.Should().Be(1);
        (await EventsForAttemptAsync(org.Id, "scenario.completed", attemptId)).Should().Be(1);
        var shown = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/attempts/{attemptId}");
        shown.Str("status").Should().Be("completed");
        shown.IsNull("failureReason").Should().BeTrue("the late failure notice is not applied");
    }

    [Fact]
    public async Task The_same_end_of_call_report_delivered_five_times_at_once_completes_the_attempt_once()
    {
        var org = await fixture.SeedOrganizationAsync();
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);
        var body = EndOfCallReport(attemptId, CallId(), DateTimeOffset.UtcNow.AddMinutes(-1));

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => VoiceCalls.PostWebhookAsync(fixture.Anonymous(), body)));

        var outcomes = new List<string>();
        foreach (var response in responses)
        {
            using (response) outcomes.Add((await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome"));
        }
        outcomes.Should().ContainSingle(o => o == "applied", "outcomes were {0}", string.Join(", ", outcomes));
        outcomes.Where(o => o != "applied").Should().AllBe("duplicate");
        (await StoredAsync(attemptId)).Status.Should().Be(AttemptStatus.Completed);
        (await UsageRecordsAsync(attemptId)).Should().Be(1, "voice minutes are recorded once");
        (await EventsForAttemptAsync(org.Id, "scenario.completed", attemptId)).Should().Be(1);
    }

    [Fact]
    public async Task Differing_reports_of_one_call_delivered_at_once_complete_the_attempt_once()
    {
        // Redeliveries need not be byte-identical (a provider may stamp each delivery); the attempt must still complete once.
        var org = await fixture.SeedOrganizationAsync();
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);
        var callId = CallId();
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        var bodies = Enumerable.Range(0, 5).Select(i => EndOfCallReport(attemptId, callId, start, deliveryNote: $"delivery-{i}")).ToList();

        var responses = await Task.WhenAll(bodies.Select(b => VoiceCalls.PostWebhookAsync(fixture.Anonymous(), b)));

        foreach (var response in responses)
        {
            using (response) await response.ShouldHaveStatus(HttpStatusCode.OK);
        }
        (await StoredAsync(attemptId)).Status.Should().Be(AttemptStatus.Completed);
        (await UsageRecordsAsync(attemptId)).Should().Be(1, "voice minutes are recorded once");
        (await EventsForAttemptAsync(org.Id, "scenario.completed", attemptId)).Should().Be(1);
    }

    [Fact]
    public async Task Vapis_in_progress_status_update_marks_the_start_once()
    {
        var org = await fixture.SeedOrganizationAsync();
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);
        var callId = CallId();
        var connected = new DateTimeOffset(2026, 3, 4, 10, 15, 30, 250, TimeSpan.Zero);

        (await DeliverAsync(StatusUpdate(attemptId, callId, "ringing", connected.AddSeconds(-5)))).Should().Be("ignored");
        (await StoredAsync(attemptId)).StartedAt.Should().BeNull("ringing is not a start");
        (await DeliverAsync(StatusUpdate(attemptId, callId, "in-progress", connected))).Should().Be("applied");
        (await DeliverAsync(StatusUpdate(attemptId, callId, "in-progress", connected.AddSeconds(20)))).Should().Be("applied");

        var started = await StoredAsync(attemptId);
        started.Status.Should().Be(AttemptStatus.InProgress);
        started.StartedAt.Should().Be(connected, "the first in-progress notice says when the call connected");
        started.ProviderCallId.Should().Be(callId);
        var attempt = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/attempts/{attemptId}");
        attempt.Str("status").Should().Be("in_progress");
        attempt.GetProperty("startedAt").GetDateTimeOffset().Should().Be(connected);
    }

    [Fact]
    public async Task After_a_failed_call_the_trainee_can_start_again_and_the_new_attempt_completes_the_assignment()
    {
        var org = await fixture.SeedOrganizationAsync();
        var client = fixture.ClientFor(org.Trainee);
        var firstId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);
        var firstCall = CallId();
        (await DeliverAsync(Started(firstId, firstCall, DateTimeOffset.UtcNow))).Should().Be("applied");
        (await DeliverAsync(Failed(firstId, firstCall, "pipeline-error-openai"))).Should().Be("applied");
        (await client.GetJsonAsync($"/api/assignments/{org.TraineeAssignmentId}")).Str("status").Should().NotBe("completed", "a failed call completes nothing");

        var retry = await client.GetJsonAsync($"/api/calls/config?scenarioId={org.PublishedScenarioId}");

        var secondId = retry.Id("attemptId");
        secondId.Should().NotBe(firstId);
        var second = await client.GetJsonAsync($"/api/attempts/{secondId}");
        second.Str("status").Should().Be("in_progress");
        second.Id("assignmentId").Should().Be(org.TraineeAssignmentId, "the retry is on the same open assignment");
        (await DeliverAsync(VoiceCalls.CallEnded(secondId, CallId()))).Should().Be("applied");
        (await client.GetJsonAsync($"/api/attempts/{secondId}")).Str("status").Should().Be("completed");
        var first = await client.GetJsonAsync($"/api/attempts/{firstId}");
        (first.Str("status"), first.Str("failureReason")).Should().Be(("failed", "pipeline-error-openai"));
        (await client.GetJsonAsync($"/api/assignments/{org.TraineeAssignmentId}")).Str("status").Should().Be("completed");
        (await EventsForAttemptAsync(org.Id, "scenario.completed", firstId)).Should().Be(0, "a failed call is no completion");
        (await EventsForAttemptAsync(org.Id, "scenario.completed", secondId)).Should().Be(1);
        (await UsageRecordsAsync(firstId)).Should().Be(0, "a failed call records no voice minutes");
    }

    /// <summary>The good conversation without the ask for a meeting: one criterion of two is missed, so the score is between 0 and 100.</summary>
    private static readonly object[] NoMeetingAsked =
        [.. VoiceCalls.GoodConversation().Take(5), new { role = "user", text = "That makes sense. I will send you our rates by email today.", timestamp = 20700, endTimestamp = 26000 }];

    [Fact]
    public async Task A_low_score_is_reported_only_below_the_scenarios_threshold()
    {
        var org = await fixture.SeedOrganizationAsync();
        var (firstId, score) = await VoiceCalls.PracticeAsync(fixture, org.Loner, org.SecondScenarioId, NoMeetingAsked);
        score.Should().BeInRange(1, 99, "the test moves the threshold to either side of this score");
        Task SetThresholdAsync(int threshold) => fixture.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE scenarios SET passing_threshold = {threshold} WHERE id = {org.SecondScenarioId}"));

        await SetThresholdAsync(score);
        var (atThresholdId, atThreshold) = await VoiceCalls.PracticeAsync(fixture, org.Loner, org.SecondScenarioId, NoMeetingAsked);
        await SetThresholdAsync(score + 1);
        var (belowId, below) = await VoiceCalls.PracticeAsync(fixture, org.Loner, org.SecondScenarioId, NoMeetingAsked);

        atThreshold.Should().Be(score, "the same conversation scores the same");
        below.Should().Be(score);
        (await EventsForAttemptAsync(org.Id, "attempt.scored.low", atThresholdId)).Should().Be(0, "a score equal to the threshold passes");
        var low = (await EventsAsync(org.Id, "attempt.scored.low")).Where(e => e.GetProperty("attempt").Id() == belowId).ToList();
        low.Should().ContainSingle("a score below the threshold is reported once");
        low[0].GetProperty("attempt").Int("score").Should().Be(score);
        low[0].Int("threshold").Should().Be(score + 1);
        low[0].GetProperty("user").Id().Should().Be(org.Loner.Id);
        (await EventsForAttemptAsync(org.Id, "scenario.completed", belowId)).Should().Be(1, "a low score is still a completion");
        var seededThreshold = (await fixture.ClientFor(org.Loner).GetJsonAsync($"/api/attempts/{firstId}")).Int("passingThreshold");
        Guid[] expectedLow = score < seededThreshold ? [firstId, belowId] : [belowId];
        (await EventsAsync(org.Id, "attempt.scored.low")).Select(e => e.GetProperty("attempt").Id()).Should().BeEquivalentTo(expectedLow,
            "only attempts scored below their scenario's threshold at the time are reported (score {0}, first threshold {1})", score, seededThreshold);
    }

    [Fact]
    public async Task Completing_the_last_scenario_of_a_track_records_the_track_once_and_completes_the_track_assignment()
    {
        var org = await fixture.SeedOrganizationAsync();
        var client = fixture.ClientFor(org.Trainee);

        // The published scenario through its own assignment, then the second through the track's.
        var (firstId, _) = await VoiceCalls.PracticeAsync(fixture, org.Trainee, org.PublishedScenarioId);
        (await StoredAsync(firstId)).AssignmentId.Should().Be(org.TraineeAssignmentId);
        (await client.GetJsonAsync($"/api/assignments/{org.TraineeAssignmentId}")).Str("status").Should().Be("completed");
        (await EventsAsync(org.Id, "track.completed")).Should().BeEmpty("half of the track is done");
        (await client.GetJsonAsync($"/api/assignments/{org.TraineeTrackAssignmentId}")).Str("status").Should().NotBe("completed");

        var (lastId, _) = await VoiceCalls.PracticeAsync(fixture, org.Trainee, org.SecondScenarioId);
        (await StoredAsync(lastId)).AssignmentId.Should().Be(org.TraineeTrackAssignmentId);
        (await client.GetJsonAsync($"/api/assignments/{org.TraineeTrackAssignmentId}")).Str("status").Should().Be("completed");
        var completed = await EventsAsync(org.Id, "track.completed");
        completed.Should().ContainSingle();
        completed[0].GetProperty("track").Id().Should().Be(org.TrackId);
        completed[0].GetProperty("user").Id().Should().Be(org.Trainee.Id);
        completed[0].GetProperty("scenarios").EnumerateArray().Select(s => s.Id()).Should().Equal(org.PublishedScenarioId, org.SecondScenarioId);

        // Practising either scenario again does not finish the track again.
        await VoiceCalls.PracticeAsync(fixture, org.Trainee, org.SecondScenarioId);
        await VoiceCalls.PracticeAsync(fixture, org.Trainee, org.PublishedScenarioId);
        (await EventsAsync(org.Id, "track.completed")).Should().ContainSingle("a track is completed once per member");
    }

    [Fact]
    public async Task Finishing_a_track_through_a_scenario_assignment_also_completes_the_track_assignment()
    {
        var org = await fixture.SeedOrganizationAsync();
        var client = fixture.ClientFor(org.Trainee);

        // The second scenario through the track's assignment, then the last one through its own assignment.
        var (firstId, _) = await VoiceCalls.PracticeAsync(fixture, org.Trainee, org.SecondScenarioId);
        (await StoredAsync(firstId)).AssignmentId.Should().Be(org.TraineeTrackAssignmentId);
        (await client.GetJsonAsync($"/api/assignments/{org.TraineeTrackAssignmentId}")).Str("status").Should().NotBe("completed", "half of the track is done");
        var (lastId, _) = await VoiceCalls.PracticeAsync(fixture, org.Trainee, org.PublishedScenarioId);
        (await StoredAsync(lastId)).AssignmentId.Should().Be(org.TraineeAssignmentId);

        (await client.GetJsonAsync($"/api/assignments/{org.TraineeAssignmentId}")).Str("status").Should().Be("completed");
        var completed = await EventsAsync(org.Id, "track.completed");
        completed.Should().ContainSingle();
        (completed[0].GetProperty("track").Id(), completed[0].GetProperty("user").Id()).Should().Be((org.TrackId, org.Trainee.Id));
        (await client.GetJsonAsync($"/api/assignments/{org.TraineeTrackAssignmentId}")).Str("status").Should().Be("completed",
            "every scenario of the assigned track is done");
    }
}
