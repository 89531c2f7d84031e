using System.Net;
using System.Text.Json;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Flags;

/// <summary>
/// A practice call on the live channel: the provider's transcript turns reach the trainee's and their
/// manager's open streams (not a teammate's), each turn once; a failed call tells the trainee why.
/// Every check of "did not receive" is made by a later event arriving first.
/// </summary>
public sealed class LiveCallUpdateTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(2);

    private static object Turn(string role, string text, double secondsFromStart, DateTimeOffset start) =>
        new { role, message = text, time = start.AddSeconds(secondsFromStart).ToUnixTimeMilliseconds(), secondsFromStart };

    /// <summary>Vapi's conversation-update server message for the attempt, with the conversation so far.</summary>
    private static string ConversationUpdate(Guid attemptId, string callId, DateTimeOffset start, params object[] turns) => JsonSerializer.Serialize(new
    {
        message = new
        {
            type = "conversation-update",
            timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            call = new { id = callId, startedAt = start.ToString("O"), assistantOverrides = new { metadata = new { attempt_id = attemptId } } },
            messages = new object[] { new { role = "system", message = "You are Sarah", time = start.ToUnixTimeMilliseconds(), secondsFromStart = 0 } }.Concat(turns),
        },
    });

    private async Task PostAsync(string body, string outcome = "applied")
    {
        using var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), body);
        (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be(outcome);
    }

    /// <summary>A flag change for the whole organization: every member's stream gets it, so it marks "nothing else came before".</summary>
    private async Task MarkAsync(SeededOrganization org, bool enabled) =>
        await (await fixture.ClientFor(org.Admin).PutJsonAsync("/api/admin/flags/team_leaderboard", new { scope = "organization", enabled }))
            .ShouldHaveStatus(HttpStatusCode.OK);

    private static async Task<LiveStream> OpenAsync(HttpClient client)
    {
        var stream = await LiveStream.OpenAsync(client);
        (await stream.NextAsync(TimeSpan.FromSeconds(5))).Type.Should().Be("ready");
        return stream;
    }

    private static async Task ShouldReceiveTurnAsync(LiveStream stream, Guid attemptId, int index, string role, string text)
    {
        var e = await stream.NextAsync(Soon);
        e.Type.Should().Be("transcript.update");
        e.Data.Id("attemptId").Should().Be(attemptId);
        e.Data.Int("index").Should().Be(index);
        e.Data.Str("role").Should().Be(role);
        e.Data.Str("text").Should().Be(text);
    }

    [Fact]
    public async Task Transcript_turns_reach_the_trainee_and_their_manager_once_each_and_not_a_teammate()
    {
        var org = await fixture.SeedOrganizationAsync("LiveCall");
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);
        var callId = "call_" + Guid.NewGuid().ToString("N");
        var start = DateTimeOffset.UtcNow.AddSeconds(-10);
        await using var trainee = await OpenAsync(fixture.ClientFor(org.Trainee));
        await using var manager = await OpenAsync(fixture.ClientFor(org.Manager));
        // Reports to the same manager: still not theirs to watch.
        await using var teammate = await OpenAsync(fixture.ClientFor(org.Teammate));

        await PostAsync(ConversationUpdate(attemptId, callId, start,
            Turn("bot", "Hello, this is Sarah.", 1, start), Turn("user", "Hi Sarah, do you have two minutes?", 3.5, start)));
        await MarkAsync(org, false);

        foreach (var stream in new[] { trainee, manager })
        {
            await ShouldReceiveTurnAsync(stream, attemptId, 0, "assistant", "Hello, this is Sarah.");
            await ShouldReceiveTurnAsync(stream, attemptId, 1, "user", "Hi Sarah, do you have two minutes?");
            (await stream.NextAsync(Soon)).Type.Should().Be("flag.changed");
        }
        (await teammate.NextAsync(Soon)).Type.Should().Be("flag.changed", "the teammate hears no turn of someone else's call");

        // The next update repeats the conversation so far (here in the integration document's shape): only the new turn goes out.
        await PostAsync(JsonSerializer.Serialize(new
        {
            type = "transcript.update",
            call = new
            {
                id = callId,
                metadata = new { attempt_id = attemptId },
                transcript = new object[]
                {
                    new { role = "assistant", text = "Hello, this is Sarah.", timestamp = 1000 },
                    new { role = "user", text = "Hi Sarah, do you have two minutes?", timestamp = 3500 },
                    new { role = "assistant", text = "I suppose so. What is it about?", timestamp = 6000 },
                },
            },
        }));
        // A stale update (fewer turns) and one for a call nobody started change nothing and send nothing.
        await PostAsync(ConversationUpdate(attemptId, callId, start, Turn("bot", "Hello, this is Sarah.", 1, start)));
        await PostAsync(ConversationUpdate(Guid.NewGuid(), "call_unknown_" + Guid.NewGuid().ToString("N"), start, Turn("bot", "Hello?", 1, start)), "unknown_call");
        await MarkAsync(org, true);

        foreach (var stream in new[] { trainee, manager })
        {
            await ShouldReceiveTurnAsync(stream, attemptId, 2, "assistant", "I suppose so. What is it about?");
            (await stream.NextAsync(Soon)).Type.Should().Be("flag.changed");
        }
        (await teammate.NextAsync(Soon)).Type.Should().Be("flag.changed");

        // The attempt keeps the conversation so far, once.
        var attempt = await fixture.ClientFor(org.Manager).GetJsonAsync($"/api/attempts/{attemptId}");
        attempt.Str("status").Should().Be("in_progress");
        attempt.GetProperty("transcript").EnumerateArray().Select(t => t.Str("text")).Should().Equal(
            "Hello, this is Sarah.", "Hi Sarah, do you have two minutes?", "I suppose so. What is it about?");
    }

    [Fact]
    public async Task A_failed_call_tells_the_trainee_why_at_once()
    {
        var org = await fixture.SeedOrganizationAsync("LiveFail");
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);
        var callId = "call_" + Guid.NewGuid().ToString("N");
        await using var trainee = await OpenAsync(fixture.ClientFor(org.Trainee));
        await using var manager = await OpenAsync(fixture.ClientFor(org.Manager));

        await PostAsync(JsonSerializer.Serialize(new
        {
            message = new
            {
                type = "status-update",
                status = "ended",
                endedReason = "pipeline-error-openai-llm-failed",
                call = new { id = callId, metadata = new { attempt_id = attemptId } },
            },
        }));
        await MarkAsync(org, false);

        var failed = await trainee.NextAsync(Soon);
        failed.Type.Should().Be("call.failed");
        failed.Data.Id("attemptId").Should().Be(attemptId);
        failed.Data.Id("scenarioId").Should().Be(org.PublishedScenarioId);
        failed.Data.Str("reason").Should().Be("pipeline-error-openai-llm-failed");
        failed.Data.Str("message").Should().Contain("voice service had a problem");
        (await manager.NextAsync(Soon)).Type.Should().Be("flag.changed", "a failure is told to the trainee only");
        (await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/attempts/{attemptId}")).Str("status").Should().Be("failed");

        // The end-of-call report that follows finds the attempt failed already: nothing is told twice.
        await PostAsync(JsonSerializer.Serialize(new
        {
            message = new
            {
                type = "end-of-call-report",
                endedReason = "pipeline-error-openai-llm-failed",
                call = new { id = callId, metadata = new { attempt_id = attemptId } },
                artifact = new { messages = Array.Empty<object>() },
            },
        }));
        await MarkAsync(org, true);
        (await trainee.NextAsync(Soon)).Data.GetProperty("value").GetBoolean().Should().BeFalse();
        (await trainee.NextAsync(Soon)).Data.GetProperty("value").GetBoolean().Should().BeTrue("no second call.failed came before it");
    }
}
