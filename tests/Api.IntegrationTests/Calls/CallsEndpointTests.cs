using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Api.IntegrationTests.Calls;

/// <summary>GET /api/calls/config starts an attempt; tests that call it use a private organization.</summary>
public sealed class CallsEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Starting_a_call_creates_an_attempt_on_the_open_assignment_and_returns_the_assistant()
    {
        var org = await fixture.SeedOrganizationAsync();
        var before = await AttemptCountAsync(org.Id);

        var config = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/calls/config?scenarioId={org.PublishedScenarioId}");

        var attemptId = config.Id("attemptId");
        config.Str("name").Should().Be($"{org.Marker} Cold call");
        var model = config.GetProperty("model");
        model.Str("systemPrompt").Should().Be("You are Sarah (Cold call).");
        model.Str("provider").Should().Be("openai");
        model.Str("model").Should().Be("gpt-4");
        model.GetProperty("temperature").GetDouble().Should().Be(0.7);
        config.GetProperty("voice").Str("provider").Should().Be("elevenlabs");
        config.GetProperty("voice").Str("voiceId").Should().Be("sarah_professional");
        config.GetProperty("transcriber").Str("provider").Should().Be("deepgram");
        config.GetProperty("recordingEnabled").GetBoolean().Should().BeTrue();
        config.GetProperty("metadata").Id("scenario_id").Should().Be(org.PublishedScenarioId);
        config.GetProperty("metadata").Id("attempt_id").Should().Be(attemptId);
        config.IsNull("server").Should().BeTrue();

        (await AttemptCountAsync(org.Id)).Should().Be(before + 1);
        var attempt = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/attempts/{attemptId}");
        attempt.Str("status").Should().Be("in_progress");
        attempt.Id("memberId").Should().Be(org.Trainee.Id);
        attempt.Id("assignmentId").Should().Be(org.TraineeAssignmentId);
    }

    [Fact]
    public async Task A_scenario_reached_through_an_assigned_track_links_the_track_assignment()
    {
        var org = await fixture.SeedOrganizationAsync();

        var config = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/calls/config?scenarioId={org.SecondScenarioId}");

        var stored = await StoredAttemptAsync(config.Id("attemptId"));
        stored!.AssignmentId.Should().Be(org.TraineeTrackAssignmentId);
        stored.ScenarioId.Should().Be(org.SecondScenarioId);
    }

    [Fact]
    public async Task Without_an_assignment_the_attempt_is_unlinked()
    {
        var org = await fixture.SeedOrganizationAsync();

        var config = await fixture.ClientFor(org.Manager).GetJsonAsync($"/api/calls/config?scenarioId={org.SecondScenarioId}");

        var stored = await StoredAttemptAsync(config.Id("attemptId"));
        stored!.AssignmentId.Should().BeNull();
        stored.MemberId.Should().Be(org.Manager.Id);
        stored.OrgId.Should().Be(org.Id);
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("archived")]
    [InlineData("unknown")]
    [InlineData("foreign")]
    public async Task Only_published_scenarios_of_the_organization_can_be_practised(string which)
    {
        var org = await fixture.SeedOrganizationAsync();
        var scenarioId = which switch
        {
            "draft" => org.DraftScenarioId,
            "archived" => org.ArchivedScenarioId,
            "unknown" => Guid.NewGuid(),
            _ => fixture.OrgB.PublishedScenarioId,
        };
        var beforeOrg = await AttemptCountAsync(org.Id);
        var beforeB = await AttemptCountAsync(fixture.OrgB.Id);

        using var response = await fixture.ClientFor(org.Manager).GetAsync($"/api/calls/config?scenarioId={scenarioId}");

        (await response.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain(fixture.OrgB.Marker);
        (await AttemptCountAsync(org.Id)).Should().Be(beforeOrg);
        (await AttemptCountAsync(fixture.OrgB.Id)).Should().Be(beforeB);
    }

    [Fact]
    public async Task A_malformed_scenario_id_is_a_validation_error()
    {
        using var response = await fixture.ClientFor(fixture.OrgA.Trainee).GetAsync("/api/calls/config?scenarioId=abc");

        await response.ShouldBeValidationProblem("scenarioId");
    }

    [Fact]
    public async Task A_missing_scenario_id_is_a_validation_error_and_starts_nothing()
    {
        var before = await AttemptCountAsync(fixture.OrgA.Id);

        using var response = await fixture.ClientFor(fixture.OrgA.Trainee).GetAsync("/api/calls/config");

        await response.ShouldBeValidationProblem("scenarioId");
        (await AttemptCountAsync(fixture.OrgA.Id)).Should().Be(before);
    }

    [Fact]
    public async Task Starting_a_call_needs_a_signed_in_member()
    {
        using var anonymous = await fixture.Anonymous().GetAsync($"/api/calls/config?scenarioId={fixture.OrgA.PublishedScenarioId}");
        using var deactivated = await fixture.ClientFor(fixture.OrgA.Deactivated).GetAsync($"/api/calls/config?scenarioId={fixture.OrgA.PublishedScenarioId}");

        await anonymous.ShouldBeProblem(HttpStatusCode.Unauthorized);
        await deactivated.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_voice_settings_come_from_the_environment()
    {
        var org = await fixture.SeedOrganizationAsync();
        await using var factory = fixture.CreateFactory(fixture.Jwks, configure: s =>
        {
            s["VAPI_SERVER_URL"] = "https://api.example.test/api/webhooks/vapi";
            s["VAPI_SERVER_CREDENTIAL_ID"] = "cred_test_123";
            s["VAPI_MODEL_PROVIDER"] = "groq";
            s["VAPI_MODEL"] = "llama-test";
            s["VAPI_TEMPERATURE"] = "0.2";
        });
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", fixture.TokenFor(org.Trainee));

        var config = await client.GetJsonAsync($"/api/calls/config?scenarioId={org.PublishedScenarioId}");

        config.GetProperty("server").Str("url").Should().Be("https://api.example.test/api/webhooks/vapi");
        config.GetProperty("server").Str("credentialId").Should().Be("cred_test_123");
        config.GetProperty("model").Str("provider").Should().Be("groq");
        config.GetProperty("model").Str("model").Should().Be("llama-test");
        config.GetProperty("model").GetProperty("temperature").GetDouble().Should().Be(0.2);
        config.ToString().Should().NotContain(ApiFactory.WebhookSecret);
    }

    private Task<int> AttemptCountAsync(Guid orgId) =>
        fixture.WithDbAsync(db => db.Attempts.IgnoreQueryFilters().CountAsync(a => a.OrgId == orgId));

    private Task<Attempt?> StoredAttemptAsync(Guid id) =>
        fixture.WithDbAsync(db => db.Attempts.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id));
}
