using System.Net;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Voice.Sessions;

/// <summary>PUT /api/voice/settings/global: the platform operators' default (a class of its own: it changes what every organization reads).</summary>
public sealed class GlobalVoiceSettingsTests(VoiceSessionFixture fixture) : IClassFixture<VoiceSessionFixture>
{
    [Fact]
    public async Task A_platform_operator_sets_the_default_that_organizations_without_their_own_use()
    {
        var org = await fixture.SeedOrganizationAsync("Operator");
        var own = await fixture.SeedOrganizationAsync("Own");
        await fixture.SetVoiceSettingsAsync(own, 0.50m, 4.00m, 20);
        var @operator = await fixture.AddOperatorAsync(org);
        var body = new { pricePerMinute = 0.20m, circuitBreakerThreshold = 3.00m, maxSessionMinutes = 10 };

        foreach (var admin in new[] { org.Admin, fixture.OrgB.Admin })
        {
            using var refused = await fixture.ClientFor(admin).PutJsonAsync("/api/voice/settings/global", body);
            (await refused.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("operators");
        }
        (await fixture.ClientFor(org.Admin).GetJsonAsync("/api/voice/settings")).GetProperty("pricePerMinute").GetDecimal().Should().Be(0.10m);

        using var response = await fixture.ClientFor(@operator).PutJsonAsync("/api/voice/settings/global", body);
        var global = await response.ShouldHaveStatus(HttpStatusCode.OK);

        (global.Str("source"), global.GetProperty("pricePerMinute").GetDecimal(), global.Int("maxSessionMinutes"), global.Int("maxDurationSeconds"))
            .Should().Be(("global", 0.20m, 10, 600));
        foreach (var reader in new[] { org.Admin, fixture.OrgB.Admin })
        {
            var read = await fixture.ClientFor(reader).GetJsonAsync("/api/voice/settings");
            (read.Str("source"), read.GetProperty("pricePerMinute").GetDecimal(), read.GetProperty("circuitBreakerThreshold").GetDecimal())
                .Should().Be(("global", 0.20m, 3.00m));
        }
        var kept = await fixture.ClientFor(own.Admin).GetJsonAsync("/api/voice/settings");
        (kept.Str("source"), kept.GetProperty("pricePerMinute").GetDecimal()).Should().Be(("organization", 0.50m), "an organization's own row still wins");
        var config = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/calls/config?scenarioId={org.PublishedScenarioId}");
        config.Int("maxDurationSeconds").Should().Be(600);

        using var invalid = await fixture.ClientFor(@operator).PutJsonAsync("/api/voice/settings/global", new { pricePerMinute = 0.2m, circuitBreakerThreshold = -1m, maxSessionMinutes = 10 });
        await invalid.ShouldBeValidationProblem("circuitBreakerThreshold");
    }
}
