using System.Net;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.LocalMode;

/// <summary>Everywhere but local mode, the dev endpoints do not exist.</summary>
public sealed class DevEndpointsOutsideLocalModeTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    [InlineData("Staging", true)]
    public async Task Dev_sign_in_answers_404(string environment, bool clerkConfigured)
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, environment: environment,
            configure: s => s["CLERK_ISSUER"] = clerkConfigured ? fixture.Jwks.Issuer : "");
        using var client = factory.CreateClient();

        using var token = await client.PostJsonAsync("/api/dev/token", new { email = fixture.OrgA.Admin.Email });
        using var members = await client.GetAsync("/api/dev/members");

        (await token.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain("token\":");
        var listed = await members.ShouldBeProblem(HttpStatusCode.NotFound);
        listed.ToString().Should().NotContain(fixture.OrgA.Admin.Email);
        (await client.GetJsonAsync("/api/config")).GetProperty("localMode").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Without_clerk_outside_development_nobody_can_sign_in()
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, environment: "Production", configure: s => s["CLERK_ISSUER"] = "");
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", fixture.TokenFor(fixture.OrgA.Admin));

        using var response = await client.GetAsync("/api/members/me");

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Simulated_calls_do_not_exist_when_voice_keys_are_configured()
    {
        // Development, but with Vapi configured: voice local mode is off.
        await using var factory = fixture.CreateFactory(fixture.Jwks, environment: "Development");
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", fixture.TokenFor(fixture.OrgA.Trainee));
        var attemptsBefore = (await client.GetJsonAsync("/api/attempts")).Int("totalCount");

        using var simulate = await client.PostJsonAsync("/api/dev/simulate-call", new { scenarioId = fixture.OrgA.PublishedScenarioId });
        using var sample = await client.GetAsync("/api/dev/sample-recording.wav");

        await simulate.ShouldBeProblem(HttpStatusCode.NotFound);
        await sample.ShouldBeProblem(HttpStatusCode.NotFound);
        (await client.GetJsonAsync("/api/attempts")).Int("totalCount").Should().Be(attemptsBefore);
        (await client.GetJsonAsync("/api/config")).GetProperty("voiceLocalMode").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task In_the_test_environment_with_clerk_the_dev_endpoints_are_404_too()
    {
        using var token = await fixture.Anonymous().PostJsonAsync("/api/dev/token", new { memberId = fixture.OrgA.Admin.Id });
        using var members = await fixture.Anonymous().GetAsync("/api/dev/members");

        await token.ShouldBeProblem(HttpStatusCode.NotFound);
        await members.ShouldBeProblem(HttpStatusCode.NotFound);
        using var simulate = await fixture.ClientFor(fixture.OrgA.Trainee).PostJsonAsync("/api/dev/simulate-call", new { scenarioId = fixture.OrgA.PublishedScenarioId });
        await simulate.ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
