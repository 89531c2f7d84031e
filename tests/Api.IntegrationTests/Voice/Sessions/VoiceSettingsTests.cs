using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Voice.Sessions;

/// <summary>GET/PUT/DELETE /api/voice/settings, and Vapi calls priced and limited by the same settings.</summary>
public sealed class VoiceSettingsTests(VoiceSessionFixture fixture) : IClassFixture<VoiceSessionFixture>
{
    [Fact]
    public async Task An_organization_reads_the_global_default_until_it_sets_its_own_and_gets_it_back_when_it_drops_them()
    {
        var org = await fixture.SeedOrganizationAsync("Settings");
        var admin = fixture.ClientFor(org.Admin);

        var global = await admin.GetJsonAsync("/api/voice/settings");
        (global.Str("source"), global.GetProperty("pricePerMinute").GetDecimal(), global.GetProperty("circuitBreakerThreshold").GetDecimal(),
            global.Int("maxSessionMinutes"), global.Int("maxDurationSeconds")).Should().Be(("global", 0.10m, 5.00m, 30, 1800));

        using var put = await admin.PutJsonAsync("/api/voice/settings", new { pricePerMinute = 0.2500m, circuitBreakerThreshold = 2.5m, maxSessionMinutes = 60 });
        var own = await put.ShouldHaveStatus(HttpStatusCode.OK);
        (own.Str("source"), own.GetProperty("pricePerMinute").GetDecimal(), own.GetProperty("circuitBreakerThreshold").GetDecimal(),
            own.Int("maxSessionMinutes"), own.Int("maxDurationSeconds")).Should().Be(("organization", 0.25m, 2.50m, 60, 600));
        own.GetProperty("updatedAt").GetDateTimeOffset().Should().Be(fixture.ManualClock.GetUtcNow());
        (await admin.GetJsonAsync("/api/voice/settings")).ToString().Should().Be(own.ToString());
        (await fixture.ClientFor(fixture.OrgB.Admin).GetJsonAsync("/api/voice/settings")).Str("source").Should().Be("global", "another organization keeps the default");

        using var again = await admin.PutJsonAsync("/api/voice/settings", new { pricePerMinute = 0.30m, circuitBreakerThreshold = 2.5m, maxSessionMinutes = 60 });
        (await again.ShouldHaveStatus(HttpStatusCode.OK)).GetProperty("pricePerMinute").GetDecimal().Should().Be(0.30m);
        (await fixture.WithDbAsync(db => db.VoiceSettings.CountAsync(v => v.OrgId == org.Id))).Should().Be(1, "an organization has one row");

        using var reset = await admin.DeleteAsync("/api/voice/settings");
        (await reset.ShouldHaveStatus(HttpStatusCode.OK)).Str("source").Should().Be("global");
        (await admin.GetJsonAsync("/api/voice/settings")).GetProperty("pricePerMinute").GetDecimal().Should().Be(0.10m);
        (await fixture.WithDbAsync(db => db.VoiceSettings.CountAsync(v => v.OrgId == org.Id))).Should().Be(0);
    }

    [Fact]
    public async Task Settings_outside_their_bounds_are_refused_field_by_field()
    {
        var org = await fixture.SeedOrganizationAsync("Settings");

        using var response = await fixture.ClientFor(org.Admin).PutJsonAsync("/api/voice/settings",
            new { pricePerMinute = -0.01m, circuitBreakerThreshold = 0m, maxSessionMinutes = 241 });
        using var tooPrecise = await fixture.ClientFor(org.Admin).PutJsonAsync("/api/voice/settings",
            new { pricePerMinute = 0.12345m, circuitBreakerThreshold = 5m, maxSessionMinutes = 30 });

        await response.ShouldBeValidationProblem("pricePerMinute", "circuitBreakerThreshold", "maxSessionMinutes");
        await tooPrecise.ShouldBeValidationProblem("pricePerMinute");
        (await fixture.WithDbAsync(db => db.VoiceSettings.CountAsync(v => v.OrgId == org.Id))).Should().Be(0);
    }

    [Fact]
    public async Task Only_admins_read_or_change_the_settings()
    {
        var org = await fixture.SeedOrganizationAsync("Settings");

        foreach (var member in new[] { org.Manager, org.Trainee })
        {
            using var get = await fixture.ClientFor(member).GetAsync("/api/voice/settings");
            using var put = await fixture.ClientFor(member).PutJsonAsync("/api/voice/settings", new { pricePerMinute = 0m, circuitBreakerThreshold = 1m, maxSessionMinutes = 5 });
            await get.ShouldBeProblem(HttpStatusCode.Forbidden);
            await put.ShouldBeProblem(HttpStatusCode.Forbidden);
        }
        (await fixture.WithDbAsync(db => db.VoiceSettings.CountAsync(v => v.OrgId == org.Id))).Should().Be(0);
    }

    [Fact]
    public async Task A_vapi_calls_assistant_hangs_up_at_the_length_the_settings_allow()
    {
        var org = await fixture.SeedOrganizationAsync("Vapi");

        var byDefault = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/calls/config?scenarioId={org.PublishedScenarioId}");
        byDefault.Int("maxDurationSeconds").Should().Be(1800, "the global default stops a call at 30 minutes, before its $5.00 at $0.10 a minute");

        await fixture.SetVoiceSettingsAsync(org, 1.00m, 2.00m, 30);
        var limited = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/calls/config?scenarioId={org.PublishedScenarioId}");
        limited.Int("maxDurationSeconds").Should().Be(120, "$2.00 at $1.00 a minute lasts two minutes");
    }

    [Fact]
    public async Task A_vapi_calls_minutes_are_priced_with_the_organizations_voice_settings()
    {
        var org = await fixture.SeedOrganizationAsync("Vapi");
        await fixture.SetVoiceSettingsAsync(org, 0.25m, 5.00m, 30);

        var (attemptId, _) = await VoiceCalls.PracticeAsync(fixture, org.Trainee, org.PublishedScenarioId);

        var usage = (await fixture.UsageOfAsync(attemptId)).Should().ContainSingle().Subject;
        (usage.Provider, usage.Seconds, usage.Minutes, usage.PricePerMinuteUsd, usage.CostUsd, usage.VoiceSessionId)
            .Should().Be(("vapi", 30, 0.5m, 0.25m, 0.125m, (Guid?)null));
        var billing = await fixture.ClientFor(org.Admin).GetJsonAsync("/api/billing");
        billing.GetProperty("voiceCostUsd").GetDecimal().Should().Be(0.12m, "the period's cost is what its usage records cost, to the cent (half to even)");
    }
}
