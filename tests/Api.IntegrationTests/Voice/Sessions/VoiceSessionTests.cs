using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Flags;
using VoiceTraining.Domain.Flags;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Api.IntegrationTests.Voice.Sessions;

/// <summary>POST /api/voice/start-session and end-session, and reading sessions back. Each test seeds its own organization.</summary>
public sealed class VoiceSessionTests(VoiceSessionFixture fixture) : IClassFixture<VoiceSessionFixture>
{
    private static readonly TimeSpan TokenMargin = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Starting_a_session_creates_its_attempt_and_answers_the_token_price_limits_and_ice_servers()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        var now = fixture.ManualClock.GetUtcNow();

        using var response = await fixture.ClientFor(org.Trainee).PostJsonAsync("/api/voice/start-session",
            new { scenarioId = org.PublishedScenarioId, expectedDurationMinutes = 12 });
        var started = await response.ShouldHaveStatus(HttpStatusCode.Created);

        var sessionId = started.Id("sessionId");
        var attemptId = started.Id("attemptId");
        response.Headers.Location!.ToString().Should().EndWith($"/api/voice/sessions/{sessionId}");
        // The global default row: $0.10 a minute, stopped at $5.00 or 30 minutes (30 comes first).
        started.GetProperty("costEstimate").GetDecimal().Should().Be(1.20m);
        started.GetProperty("pricePerMinute").GetDecimal().Should().Be(0.10m);
        started.GetProperty("circuitBreakerThreshold").GetDecimal().Should().Be(5.00m);
        started.Int("maxSessionMinutes").Should().Be(30);
        started.Int("maxDurationSeconds").Should().Be(1800);
        started.Int("expectedDurationMinutes").Should().Be(12);
        var token = started.Str("sessionToken");
        token.Should().StartWith("vst_").And.HaveLength(4 + 43);
        var tokenExpiresAt = now + TimeSpan.FromMinutes(30) + TokenMargin;
        started.GetProperty("tokenExpiresAt").GetDateTimeOffset().Should().Be(tokenExpiresAt);
        started.GetProperty("localMode").GetBoolean().Should().BeFalse();
        started.IsNull("note").Should().BeTrue();
        var providers = started.GetProperty("providers");
        // The router's choice for a session starting now (ADR 0022).
        var choice = await fixture.Factory.Services.GetRequiredService<VoiceTraining.Application.Voice.Providers.IVoiceProviderRouter>().ChooseForNewSessionAsync(CancellationToken.None);
        (providers.Str("speechToText"), providers.Str("textToSpeech"), providers.Str("llm")).Should().Be((choice.SpeechToText, choice.TextToSpeech, choice.Llm));
        choice.SpeechToText.Should().NotBeNullOrEmpty();

        var ice = started.GetProperty("iceServers").EnumerateArray().ToList();
        ice.Should().HaveCount(2);
        Urls(ice[0]).Should().Equal(VoiceSessionFixture.StunUrl);
        ice[0].IsNull("username").Should().BeTrue();
        Urls(ice[1]).Should().Equal("turn:turn.example.test:3478", "turns:turn.example.test:5349?transport=tcp");
        var username = ice[1].Str("username");
        username.Should().Be($"{tokenExpiresAt.ToUnixTimeSeconds()}:{sessionId}", "the TURN REST username is expiry:sessionId, valid as long as the session token");
        ice[1].Str("credential").Should().Be(VoiceSessionFixture.TurnPassword(VoiceSessionFixture.TurnSecret, username));

        var stored = await fixture.SessionAsync(sessionId);
        stored.TokenHash.Should().Be(VoiceSessionFixture.Sha256Hex(token), "only the token's SHA-256 is kept");
        (stored.Status, stored.Provider, stored.MemberId, stored.AttemptId, stored.ScenarioId).Should()
            .Be((VoiceSessionStatus.Active, "platform", org.Trainee.Id, attemptId, org.PublishedScenarioId));
        (stored.StartedAt, stored.TokenExpiresAt, stored.ExpectedDurationMinutes, stored.CostEstimate).Should().Be((now, tokenExpiresAt, 12, 1.20m));
        var attempt = await fixture.AttemptAsync(attemptId);
        (attempt.Status, attempt.StartedAt, attempt.MemberId).Should().Be((AttemptStatus.InProgress, now, org.Trainee.Id));
        attempt.AssignmentId.Should().Be(org.TraineeAssignmentId, "a platform session links the open assignment as a Vapi call does");

        var read = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/voice/sessions/{sessionId}");
        (read.Str("status"), read.Id("attemptId"), read.Str("provider"), read.Str("scenarioTitle")).Should().Be(("active", attemptId, "platform", $"{org.Marker} Cold call"));
        read.ToString().Should().NotContain(token).And.NotContain(stored.TokenHash);
    }

    [Fact]
    public async Task The_organizations_own_settings_price_new_sessions_and_a_running_one_keeps_its_own()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        await fixture.SetVoiceSettingsAsync(org, 0.50m, 3.00m, 20);

        var started = await fixture.StartAsync(org.Trainee, org.PublishedScenarioId, 10);

        started.GetProperty("costEstimate").GetDecimal().Should().Be(5.00m);
        started.GetProperty("circuitBreakerThreshold").GetDecimal().Should().Be(3.00m);
        started.Int("maxSessionMinutes").Should().Be(20);
        started.Int("maxDurationSeconds").Should().Be(360, "$3.00 at $0.50 a minute lasts 6 minutes, before the 20-minute limit");
        started.GetProperty("tokenExpiresAt").GetDateTimeOffset().Should().Be(fixture.ManualClock.GetUtcNow() + TimeSpan.FromMinutes(20) + TokenMargin);

        await fixture.SetVoiceSettingsAsync(org, 1.00m, 9.00m, 45);
        var read = await fixture.ClientFor(org.Admin).GetJsonAsync($"/api/voice/sessions/{started.Id("sessionId")}");
        read.GetProperty("pricePerMinute").GetDecimal().Should().Be(0.50m);
        read.GetProperty("circuitBreakerThreshold").GetDecimal().Should().Be(3.00m);
        read.Int("maxSessionMinutes").Should().Be(20);
    }

    [Fact]
    public async Task Ending_a_session_prices_its_measured_length_records_the_usage_and_scores_the_attempt()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        var started = await fixture.StartAsync(org.Trainee, org.PublishedScenarioId);
        var (sessionId, attemptId) = (started.Id("sessionId"), started.Id("attemptId"));
        await fixture.SpeakAsync(attemptId);
        fixture.ManualClock.Advance(TimeSpan.FromSeconds(90));

        var ended = await fixture.EndAsync(org.Trainee, sessionId);

        (ended.Id("sessionId"), ended.Id("attemptId"), ended.Str("status"), ended.Str("endedReason")).Should().Be((sessionId, attemptId, "ended", "completed"));
        ended.Int("durationSeconds").Should().Be(90);
        ended.GetProperty("cost").GetDecimal().Should().Be(0.15m, "90 seconds at $0.10 a minute");

        var usage = (await fixture.UsageOfAsync(attemptId)).Should().ContainSingle().Subject;
        (usage.Provider, usage.Seconds, usage.Minutes, usage.PricePerMinuteUsd, usage.CostUsd, usage.VoiceSessionId, usage.EndReason, usage.MemberId)
            .Should().Be(("platform", 90, 1.5m, 0.10m, 0.15m, sessionId, "completed", org.Trainee.Id));

        var attempt = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/attempts/{attemptId}");
        (attempt.Str("status"), attempt.Int("durationSeconds"), attempt.Str("endedReason")).Should().Be(("completed", 90, "completed"));
        attempt.GetProperty("transcript").GetArrayLength().Should().Be(VoiceSessionFixture.Conversation.Count);
        attempt.GetProperty("kpis").Int("questionsAsked").Should().BeGreaterThanOrEqualTo(2);
        attempt.GetProperty("kpis").Int("traineeTurnCount").Should().Be(3);
        attempt.GetProperty("score").ValueKind.Should().Be(JsonValueKind.Number);
        attempt.GetProperty("criterionScores").EnumerateArray().Single(c => c.Str("name") == "Asks for the meeting")
            .GetProperty("met").GetBoolean().Should().BeTrue("the attempt is scored against the scenario's rubric as a Vapi call is");
        var assignment = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/assignments/{org.TraineeAssignmentId}");
        assignment.Str("status").Should().Be("completed");

        var read = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/voice/sessions/{sessionId}");
        (read.Str("status"), read.Str("endReason"), read.GetProperty("runningCost").GetDecimal()).Should().Be(("ended", "completed", 0.15m));
        read.GetProperty("endedAt").GetDateTimeOffset().Should().Be(fixture.ManualClock.GetUtcNow());
    }

    [Fact]
    public async Task Ending_again_answers_the_same_and_records_nothing_more()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        var started = await fixture.StartAsync(org.Trainee, org.PublishedScenarioId);
        fixture.ManualClock.Advance(TimeSpan.FromSeconds(42));
        var first = await fixture.EndAsync(org.Trainee, started.Id("sessionId"));
        var attemptBefore = await fixture.AttemptAsync(started.Id("attemptId"));

        fixture.ManualClock.Advance(TimeSpan.FromMinutes(3));
        var second = await fixture.EndAsync(org.Trainee, started.Id("sessionId"));

        second.ToString().Should().Be(first.ToString());
        first.Int("durationSeconds").Should().Be(42);
        (await fixture.UsageOfAsync(started.Id("attemptId"))).Should().ContainSingle();
        var attemptAfter = await fixture.AttemptAsync(started.Id("attemptId"));
        (attemptAfter.EndedAt, attemptAfter.DurationSeconds, attemptAfter.UpdatedAt).Should().Be((attemptBefore.EndedAt, 42, attemptBefore.UpdatedAt));
    }

    [Fact]
    public async Task An_admin_may_end_a_members_session_and_nobody_else_may_see_or_end_it()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        var started = await fixture.StartAsync(org.Trainee, org.PublishedScenarioId);
        var sessionId = started.Id("sessionId");

        foreach (var stranger in new[] { org.Manager, org.Teammate, fixture.OrgB.Admin })
        {
            using var end = await fixture.ClientFor(stranger).PostJsonAsync("/api/voice/end-session", new { sessionId });
            (await end.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain(org.Marker);
            using var get = await fixture.ClientFor(stranger).GetAsync($"/api/voice/sessions/{sessionId}");
            await get.ShouldBeProblem(HttpStatusCode.NotFound);
        }
        (await fixture.SessionAsync(sessionId)).Status.Should().Be(VoiceSessionStatus.Active);

        var ended = await fixture.EndAsync(org.Admin, sessionId);
        (ended.Str("status"), ended.Str("endedReason")).Should().Be(("ended", "completed"));
        (await fixture.UsageOfAsync(started.Id("attemptId"))).Should().ContainSingle().Which.MemberId.Should().Be(org.Trainee.Id);
    }

    [Fact]
    public async Task A_new_session_of_the_member_replaces_the_one_still_running()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        var first = await fixture.StartAsync(org.Trainee, org.PublishedScenarioId);
        fixture.ManualClock.Advance(TimeSpan.FromSeconds(30));

        var second = await fixture.StartAsync(org.Trainee, org.SecondScenarioId);

        var old = await fixture.SessionAsync(first.Id("sessionId"));
        (old.Status, old.EndReason, old.EndedAt).Should().Be((VoiceSessionStatus.Ended, "replaced", fixture.ManualClock.GetUtcNow()));
        (await fixture.UsageOfAsync(first.Id("attemptId"))).Should().ContainSingle().Which.Seconds.Should().Be(30);
        var oldAttempt = await fixture.AttemptAsync(first.Id("attemptId"));
        (oldAttempt.Status, oldAttempt.EndedReason).Should().Be((AttemptStatus.Completed, "replaced"));
        (await fixture.SessionAsync(second.Id("sessionId"))).Status.Should().Be(VoiceSessionStatus.Active);
        var replaced = await fixture.EndAsync(org.Trainee, first.Id("sessionId"));
        replaced.Str("endedReason").Should().Be("replaced");
    }

    [Fact]
    public async Task Admins_see_the_organizations_sessions_newest_first_with_member_cost_and_end_reason()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        await fixture.GrantVoiceAsync(org.Loner);
        var older = await fixture.StartAsync(org.Trainee, org.PublishedScenarioId, 5);
        fixture.ManualClock.Advance(TimeSpan.FromSeconds(60));
        await fixture.EndAsync(org.Trainee, older.Id("sessionId"));
        var newer = await fixture.StartAsync(org.Loner, org.SecondScenarioId, 3);
        var foreign = await fixture.OrganizationWithVoiceAsync();
        await fixture.StartAsync(foreign.Trainee, foreign.PublishedScenarioId);

        var page = await fixture.ClientFor(org.Admin).GetJsonAsync("/api/voice/sessions");

        page.ItemIds().Should().Equal(newer.Id("sessionId"), older.Id("sessionId"), org.VoiceSessionId);
        page.Int("totalCount").Should().Be(3);
        var first = page.Items()[0];
        (first.Str("memberName"), first.Str("scenarioTitle"), first.Str("status"), first.GetProperty("costEstimate").GetDecimal())
            .Should().Be((org.Members.Single(m => m.Id == org.Loner.Id).Name, $"{org.Marker} Rate objection", "active", 0.30m));
        var second = page.Items()[1];
        (second.Str("status"), second.Str("endReason"), second.GetProperty("runningCost").GetDecimal(), second.Id("memberId"))
            .Should().Be(("ended", "completed", 0.10m, org.Trainee.Id));
        page.ToString().Should().NotContain(foreign.Marker);

        (await fixture.ClientFor(org.Admin).GetJsonAsync($"/api/voice/sessions?memberId={org.Trainee.Id}")).ItemIds().Should().Equal(older.Id("sessionId"), org.VoiceSessionId);
        (await fixture.ClientFor(org.Admin).GetJsonAsync("/api/voice/sessions?pageSize=2")).Int("totalCount").Should().Be(3);
        (await fixture.ClientFor(org.Admin).GetJsonAsync("/api/voice/sessions?status=active")).ItemIds().Should().Equal(newer.Id("sessionId"));
        using var trainee = await fixture.ClientFor(org.Trainee).GetAsync("/api/voice/sessions");
        await trainee.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Without_voice_ai_the_member_is_refused_with_a_problem_naming_the_flag()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        await fixture.SetFlagAsync(new FlagChange(FlagKeys.VoiceAiEnabled, FlagScope.User, org.Id, org.Trainee.Id, false,
            org.Admin.Id.ToString(), org.Admin.Name, FlagChangeSources.Admin));

        using var noSim = await fixture.ClientFor(org.Teammate).PostJsonAsync("/api/voice/start-session", new { scenarioId = org.PublishedScenarioId, expectedDurationMinutes = 5 });
        using var switchedOff = await fixture.ClientFor(org.Trainee).PostJsonAsync("/api/voice/start-session", new { scenarioId = org.PublishedScenarioId, expectedDurationMinutes = 5 });

        (await noSim.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("voice_ai_enabled").And.Contain("SIM");
        (await switchedOff.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("voice_ai_enabled").And.Contain("switched off for you");
        (await SessionCountAsync(org)).Should().Be(0);
        (await fixture.WithDbAsync(db => db.Attempts.IgnoreQueryFilters().CountAsync(a => a.OrgId == org.Id))).Should().Be(4, "only the seeded attempts");
    }

    [Fact]
    public async Task The_members_browser_is_told_when_the_session_ends_and_why()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        await using var stream = await LiveStream.OpenAsync(fixture.ClientFor(org.Trainee));
        (await stream.NextAsync(TimeSpan.FromSeconds(5))).Type.Should().Be("ready");
        var started = await fixture.StartAsync(org.Trainee, org.PublishedScenarioId);

        await fixture.EndAsync(org.Admin, started.Id("sessionId"));

        var ended = await stream.NextAsync(TimeSpan.FromSeconds(5));
        ended.Type.Should().Be("voice.session.ended");
        (ended.Data.Id("sessionId"), ended.Data.Id("attemptId"), ended.Data.Str("reason")).Should().Be((started.Id("sessionId"), started.Id("attemptId"), "completed"));
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("archived")]
    [InlineData("unknown")]
    [InlineData("foreign")]
    public async Task Only_a_published_scenario_of_the_organization_can_be_practised(string which)
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        var scenarioId = which switch
        {
            "draft" => org.DraftScenarioId,
            "archived" => org.ArchivedScenarioId,
            "unknown" => Guid.NewGuid(),
            _ => fixture.OrgB.PublishedScenarioId,
        };

        using var response = await fixture.ClientFor(org.Trainee).PostJsonAsync("/api/voice/start-session", new { scenarioId, expectedDurationMinutes = 5 });

        (await response.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain(fixture.OrgB.Marker);
        (await SessionCountAsync(org)).Should().Be(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(31)]
    public async Task The_expected_length_must_be_from_one_minute_to_the_longest_session(int minutes)
    {
        var org = await fixture.OrganizationWithVoiceAsync();

        using var response = await fixture.ClientFor(org.Trainee).PostJsonAsync("/api/voice/start-session",
            new { scenarioId = org.PublishedScenarioId, expectedDurationMinutes = minutes });

        var errors = await response.ShouldBeValidationProblem("expectedDurationMinutes");
        if (minutes > 30) errors.ToString().Should().Contain("at most 30 minutes");
        (await SessionCountAsync(org)).Should().Be(0);
    }

    [Fact]
    public async Task The_longest_session_is_the_organizations_own_when_it_has_one()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        await fixture.SetVoiceSettingsAsync(org, 0.10m, 5.00m, 45);

        (await fixture.StartAsync(org.Trainee, org.PublishedScenarioId, 45)).Int("expectedDurationMinutes").Should().Be(45);
        using var tooLong = await fixture.ClientFor(org.Trainee).PostJsonAsync("/api/voice/start-session",
            new { scenarioId = org.PublishedScenarioId, expectedDurationMinutes = 46 });
        (await tooLong.ShouldBeValidationProblem("expectedDurationMinutes")).ToString().Should().Contain("at most 45 minutes");
    }

    [Fact]
    public async Task A_session_cannot_start_when_the_periods_voice_minutes_are_spent()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        await fixture.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE organizations SET plan = 'free' WHERE id = {org.Id}"));
        await fixture.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO voice_usage_records (id, org_id, member_id, attempt_id, provider, seconds, minutes, price_per_minute_usd, cost_usd, created_at, updated_at)
            VALUES ({Guid.CreateVersion7()}, {org.Id}, {org.Trainee.Id}, {org.TraineeAttemptId}, 'vapi', 1800, 30.0, 0.10, 3.0, {fixture.ManualClock.GetUtcNow()}, {fixture.ManualClock.GetUtcNow()})
            """));

        using var response = await fixture.ClientFor(org.Trainee).PostJsonAsync("/api/voice/start-session",
            new { scenarioId = org.PublishedScenarioId, expectedDurationMinutes = 5 });

        var problem = await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        (problem.Str("limit"), problem.Int("allowed"), problem.Int("used")).Should().Be(("voice_minutes", 30, 30));
        (await SessionCountAsync(org)).Should().Be(0);
    }

    [Fact]
    public async Task End_session_needs_a_session_id()
    {
        using var empty = await fixture.ClientFor(fixture.OrgA.Trainee).PostJsonAsync("/api/voice/end-session", new { sessionId = Guid.Empty });
        using var unknown = await fixture.ClientFor(fixture.OrgA.Trainee).PostJsonAsync("/api/voice/end-session", new { sessionId = Guid.NewGuid() });

        await empty.ShouldBeValidationProblem("sessionId");
        await unknown.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    private static IEnumerable<string> Urls(JsonElement server) => server.GetProperty("urls").EnumerateArray().Select(u => u.GetString()!);

    /// <summary>The organization's sessions besides the one it was seeded with.</summary>
    private Task<int> SessionCountAsync(SeededOrganization org) =>
        fixture.WithDbAsync(db => db.VoiceSessions.IgnoreQueryFilters().CountAsync(s => s.OrgId == org.Id && s.Id != org.VoiceSessionId));
}
