using System.Net;
using System.Net.Http.Headers;
using System.Text;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.LocalMode;

/// <summary>Voice local mode (Development, no Vapi keys): practice calls are simulated end to end.</summary>
public sealed class SimulatedCallTests(LocalModeFixture fixture) : IClassFixture<LocalModeFixture>
{
    private async Task<HttpClient> SignInAsync(SeededMember member)
    {
        using var response = await fixture.Anonymous().PostJsonAsync("/api/dev/token", new { memberId = member.Id });
        return fixture.ClientWithToken((await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("token"));
    }

    [Fact]
    public async Task The_client_configuration_reports_voice_local_mode()
    {
        var config = await fixture.Anonymous().GetJsonAsync("/api/config");

        config.GetProperty("voiceLocalMode").GetBoolean().Should().BeTrue();
        config.IsNull("vapiPublicKey").Should().BeTrue();
    }

    [Fact]
    public async Task The_sample_recording_is_a_wav_file_served_with_ranges()
    {
        using var response = await fixture.Anonymous().GetAsync("/api/dev/sample-recording.wav");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dev/sample-recording.wav") { Headers = { Range = new RangeHeaderValue(0, 3) } };
        using var partial = await fixture.Anonymous().SendAsync(request);

        await response.ShouldHaveStatus(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("audio/wav");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Encoding.ASCII.GetString(bytes, 0, 4).Should().Be("RIFF");
        Encoding.ASCII.GetString(bytes, 8, 4).Should().Be("WAVE");
        bytes.Length.Should().Be(44 + 8000 * 6 * 2);
        await partial.ShouldHaveStatus(HttpStatusCode.PartialContent);
        (await partial.Content.ReadAsByteArrayAsync()).Should().Equal("RIFF"u8.ToArray());
    }

    [Fact]
    public async Task A_simulated_call_runs_through_the_webhook_and_scores_the_attempt()
    {
        var org = await fixture.SeedOrganizationAsync();
        using var trainee = await SignInAsync(org.Trainee);

        using var response = await trainee.PostJsonAsync("/api/dev/simulate-call", new { scenarioId = org.PublishedScenarioId });

        var result = await response.ShouldHaveStatus(HttpStatusCode.OK);
        result.Int("webhookStatus").Should().Be(200);
        var attempt = await trainee.GetJsonAsync($"/api/attempts/{result.Id("attemptId")}");
        attempt.Id("memberId").Should().Be(org.Trainee.Id);
        attempt.Id("assignmentId").Should().Be(org.TraineeAssignmentId);
        attempt.Str("status").Should().Be("completed");
        attempt.GetProperty("transcript").GetArrayLength().Should().BeGreaterThan(4);
        attempt.GetProperty("score").GetInt32().Should().BeInRange(0, 100);
        (await trainee.GetJsonAsync($"/api/assignments/{org.TraineeAssignmentId}")).Str("status").Should().Be("completed");
    }

    [Fact]
    public async Task Simulating_a_draft_or_foreign_scenario_is_404()
    {
        var org = await fixture.SeedOrganizationAsync();
        using var trainee = await SignInAsync(org.Trainee);

        using var draft = await trainee.PostJsonAsync("/api/dev/simulate-call", new { scenarioId = org.DraftScenarioId });
        using var foreign = await trainee.PostJsonAsync("/api/dev/simulate-call", new { scenarioId = fixture.OrgB.PublishedScenarioId });

        await draft.ShouldBeProblem(HttpStatusCode.NotFound);
        (await foreign.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain(fixture.OrgB.Marker);
    }

    [Fact]
    public async Task Simulating_needs_a_signed_in_member()
    {
        using var response = await fixture.Anonymous().PostJsonAsync("/api/dev/simulate-call", new { scenarioId = fixture.OrgA.PublishedScenarioId });

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
    }
}
