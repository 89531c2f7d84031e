using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Flags;
using VoiceTraining.Domain.Flags;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Api.IntegrationTests.Flags;

/// <summary>
/// The evaluator and the writer through the API: a member's flags, a SIM as voice AI's entitlement,
/// a setting that turns it off (with its audit row, its alert email and its live update on the
/// caller's open stream), and a plan feature switched off for an organization.
/// </summary>
public sealed class FeatureFlagCoreTests(FeatureFlagCoreTests.Fixture fixture) : IClassFixture<FeatureFlagCoreTests.Fixture>
{
    public sealed class Fixture : ApiFixture
    {
        protected override void Configure(IDictionary<string, string?> settings) => settings["ADMIN_ALERT_EMAIL"] = "alerts@platform.test";
    }

    private async Task<JsonElement> FlagAsync(SeededMember member, string key)
    {
        var flags = await (await fixture.ClientFor(member).GetAsync("/api/me/flags")).ShouldHaveStatus(HttpStatusCode.OK);
        return flags.GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("key").GetString() == key);
    }

    private Task GiveSimAsync(SeededMember member) => fixture.WithDbAsync(async db =>
    {
        var sim = new UserVoiceAddOn(member.OrgId, member.Id, DateTimeOffset.UtcNow);
        sim.Assign(null, DateTimeOffset.UtcNow);
        db.UserVoiceAddOns.Add(sim);
        await db.SaveChangesAsync();
    });

    private async Task SetAsync(FlagChange change)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<FeatureFlagWriter>();
        await scope.ServiceProvider.GetRequiredService<ITransactionRunner>().RunAsync(ct => writer.SetAsync(change, ct), CancellationToken.None);
    }

    [Fact]
    public async Task Voice_ai_needs_a_sim_and_a_setting_turns_it_off_live_with_its_audit_row_and_alert()
    {
        var org = await fixture.SeedOrganizationAsync("Flags");
        var trainee = org.Trainee;

        var before = await FlagAsync(trainee, FlagKeys.VoiceAiEnabled);
        before.GetProperty("enabled").GetBoolean().Should().BeFalse();
        before.GetProperty("entitled").GetBoolean().Should().BeFalse("no SIM yet");

        await GiveSimAsync(trainee);
        (await FlagAsync(trainee, FlagKeys.VoiceAiEnabled)).GetProperty("enabled").GetBoolean().Should().BeTrue();

        await using var stream = await LiveStream.OpenAsync(fixture.ClientFor(trainee));
        (await stream.NextAsync(TimeSpan.FromSeconds(5))).Type.Should().Be("ready");

        await SetAsync(new FlagChange(FlagKeys.VoiceAiEnabled, FlagScope.User, org.Id, trainee.Id, false,
            org.Admin.Id.ToString(), org.Admin.Name, FlagChangeSources.Admin, "Too many minutes this week"));

        var changed = await stream.NextAsync(TimeSpan.FromSeconds(1));
        changed.Type.Should().Be("flag.changed");
        changed.Data.GetProperty("key").GetString().Should().Be(FlagKeys.VoiceAiEnabled);
        changed.Data.GetProperty("value").GetBoolean().Should().BeFalse();

        var after = await FlagAsync(trainee, FlagKeys.VoiceAiEnabled);
        after.GetProperty("enabled").GetBoolean().Should().BeFalse();
        after.GetProperty("decidedBy").GetString().Should().Be("user");

        var audit = await fixture.WithDbAsync(db => db.FeatureFlagChanges.Where(c => c.OrgId == org.Id).ToListAsync());
        var alerts = await fixture.WithDbAsync(db => db.EmailMessages.Where(e => e.Template == "feature-flag-changed" && e.OrgId == org.Id).Select(e => e.ToAddress).ToListAsync());
        audit.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Key = FlagKeys.VoiceAiEnabled, Scope = FlagScope.User, MemberId = (Guid?)trainee.Id, OldValue = (bool?)null, NewValue = (bool?)false,
            ChangedByName = org.Admin.Name, Reason = "Too many minutes this week",
        });
        alerts.Should().BeEquivalentTo([org.Admin.Email, "alerts@platform.test"]);

        // Clearing returns the decision to the default; the SIM still holds.
        await SetAsync(new FlagChange(FlagKeys.VoiceAiEnabled, FlagScope.User, org.Id, trainee.Id, null,
            org.Admin.Id.ToString(), org.Admin.Name, FlagChangeSources.Admin));
        (await stream.NextAsync(TimeSpan.FromSeconds(1))).Type.Should().Be("flag.changed");
        (await FlagAsync(trainee, FlagKeys.VoiceAiEnabled)).GetProperty("decidedBy").GetString().Should().Be("default");
    }

    [Fact]
    public async Task A_change_for_one_member_reaches_only_that_members_stream()
    {
        var org = await fixture.SeedOrganizationAsync("FlagsScope");
        await using var mine = await LiveStream.OpenAsync(fixture.ClientFor(org.Trainee));
        await using var theirs = await LiveStream.OpenAsync(fixture.ClientFor(org.Teammate));
        (await mine.NextAsync(TimeSpan.FromSeconds(5))).Type.Should().Be("ready");
        (await theirs.NextAsync(TimeSpan.FromSeconds(5))).Type.Should().Be("ready");

        await SetAsync(new FlagChange(FlagKeys.VoiceAiEnabled, FlagScope.User, org.Id, org.Trainee.Id, false, "x", "Admin", FlagChangeSources.Admin));
        // Then one for everyone in the organization: the teammate's first event must be this one.
        await SetAsync(new FlagChange(FlagKeys.VoiceAiEnabled, FlagScope.Organization, org.Id, null, false, "x", "Admin", FlagChangeSources.Admin));

        (await mine.NextAsync(TimeSpan.FromSeconds(1))).Data.GetProperty("scope").GetString().Should().Be("user");
        (await theirs.NextAsync(TimeSpan.FromSeconds(1))).Data.GetProperty("scope").GetString().Should().Be("organization");
    }

    [Fact]
    public async Task A_plan_feature_switched_off_for_the_organization_refuses_its_use()
    {
        var org = await fixture.SeedOrganizationAsync("FlagsPlan");
        (await FlagAsync(org.Admin, "webhooks")).GetProperty("enabled").GetBoolean().Should().BeTrue("the seeded plan includes webhooks");

        await SetAsync(new FlagChange("webhooks", FlagScope.Organization, org.Id, null, false, "operator", "Operator", FlagChangeSources.Operator));

        var webhook = await fixture.ClientFor(org.Admin).PostJsonAsync("/api/webhooks", new { name = "CRM", url = "https://crm.example.com/hook", events = new[] { "user.added" } });
        var problem = await webhook.ShouldHaveStatus(HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString().Should().Contain("switched off for your organization");
        (await FlagAsync(org.Admin, "webhooks")).GetProperty("decidedBy").GetString().Should().Be("organization");
    }
}
