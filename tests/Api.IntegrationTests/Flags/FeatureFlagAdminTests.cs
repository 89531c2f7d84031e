using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Flags;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Api.IntegrationTests.Flags;

/// <summary>
/// Settings &gt; Feature flags through the API: an admin sets and clears values for the organization
/// and for a member, the member sees the most specific one; the audit trail and the alert emails;
/// (global values: <see cref="GlobalFlagTests"/>).
/// </summary>
public sealed class FeatureFlagAdminTests(FeatureFlagAdminTests.Fixture fixture) : IClassFixture<FeatureFlagAdminTests.Fixture>
{
    public sealed class Fixture : ApiFixture
    {
        protected override void Configure(IDictionary<string, string?> settings) => settings["ADMIN_ALERT_EMAIL"] = "alerts@platform.test";
    }

    private async Task<JsonElement> MyFlagAsync(SeededMember member, string key)
    {
        var flags = await fixture.ClientFor(member).GetJsonAsync("/api/me/flags");
        return flags.GetProperty("flags").EnumerateArray().Single(f => f.Str("key") == key);
    }

    private static JsonElement Flag(JsonElement adminFlags, string key) =>
        adminFlags.GetProperty("flags").EnumerateArray().Single(f => f.Str("key") == key);

    private Task GiveSimAsync(SeededMember member) => fixture.WithDbAsync(async db =>
    {
        var sim = new UserVoiceAddOn(member.OrgId, member.Id, DateTimeOffset.UtcNow);
        sim.Assign(null, DateTimeOffset.UtcNow);
        db.UserVoiceAddOns.Add(sim);
        await db.SaveChangesAsync();
    });

    private static async Task<JsonElement> PutAsync(HttpClient client, string key, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.PutJsonAsync($"/api/admin/flags/{key}", body)).ShouldHaveStatus(expected);

    [Fact]
    public async Task The_most_specific_setting_decides_what_the_member_sees_and_clearing_hands_back_to_the_next_scope()
    {
        var org = await fixture.SeedOrganizationAsync("FlagAdmin");
        await GiveSimAsync(org.Trainee);
        await GiveSimAsync(org.Teammate);
        var admin = fixture.ClientFor(org.Admin);
        const string key = FlagKeys.VoiceAiEnabled;

        // Off for the organization: both members lose it.
        var off = await PutAsync(admin, key, new { scope = "organization", enabled = false, reason = "Pilot paused" });
        off.GetProperty("changed").GetBoolean().Should().BeTrue();
        off.Str("scope").Should().Be("organization");
        (await MyFlagAsync(org.Trainee, key)).Should().Match<JsonElement>(f => !f.GetProperty("enabled").GetBoolean() && f.Str("decidedBy") == "organization");
        (await MyFlagAsync(org.Teammate, key)).GetProperty("enabled").GetBoolean().Should().BeFalse();

        // On for one member: theirs wins over the organization's; the teammate stays off.
        await PutAsync(admin, key, new { scope = "user", memberId = org.Trainee.Id, enabled = true });
        (await MyFlagAsync(org.Trainee, key)).Should().Match<JsonElement>(f => f.GetProperty("enabled").GetBoolean() && f.Str("decidedBy") == "user");
        (await MyFlagAsync(org.Teammate, key)).Should().Match<JsonElement>(f => !f.GetProperty("enabled").GetBoolean() && f.Str("decidedBy") == "organization");

        // The admin's view of that member shows every scope's setting and the effective value.
        var forTrainee = await admin.GetJsonAsync($"/api/admin/flags?memberId={org.Trainee.Id}");
        forTrainee.Id("memberId").Should().Be(org.Trainee.Id);
        forTrainee.Str("memberName").Should().Be(org.Trainee.Name);
        var voice = Flag(forTrainee, key);
        voice.Str("requires").Should().Be("voice_sim");
        voice.GetProperty("enabled").GetBoolean().Should().BeTrue();
        voice.Str("decidedBy").Should().Be("user");
        voice.IsNull("globalValue").Should().BeTrue();
        voice.GetProperty("organizationValue").GetBoolean().Should().BeFalse();
        voice.GetProperty("userValue").GetBoolean().Should().BeTrue();
        // And for the organization: its own switch, no member's setting.
        var forOrg = Flag(await admin.GetJsonAsync("/api/admin/flags"), key);
        forOrg.GetProperty("enabled").GetBoolean().Should().BeFalse();
        forOrg.IsNull("userValue").Should().BeTrue();
        Flag(await admin.GetJsonAsync("/api/admin/flags"), "webhooks").Should().Match<JsonElement>(f =>
            f.GetProperty("enabled").GetBoolean() && f.Str("requires") == "plan_feature" && f.Str("decidedBy") == "default");

        // The same value again writes nothing.
        (await PutAsync(admin, key, new { scope = "user", memberId = org.Trainee.Id, enabled = true })).GetProperty("changed").GetBoolean().Should().BeFalse();

        // Clearing the member's setting hands the decision back to the organization, then to the default.
        await PutAsync(admin, key, new { scope = "user", memberId = org.Trainee.Id, enabled = (bool?)null });
        (await MyFlagAsync(org.Trainee, key)).Should().Match<JsonElement>(f => !f.GetProperty("enabled").GetBoolean() && f.Str("decidedBy") == "organization");
        await PutAsync(admin, key, new { scope = "organization", enabled = (bool?)null });
        (await MyFlagAsync(org.Trainee, key)).Should().Match<JsonElement>(f => f.GetProperty("enabled").GetBoolean() && f.Str("decidedBy") == "default");

        var changes = await fixture.WithDbAsync(db => db.FeatureFlagChanges.CountAsync(c => c.OrgId == org.Id));
        changes.Should().Be(4, "four changes, and the repeated value wrote nothing");
    }

    [Fact]
    public async Task A_setting_never_grants_what_the_member_does_not_hold()
    {
        var org = await fixture.SeedOrganizationAsync("FlagGrant");
        await PutAsync(fixture.ClientFor(org.Admin), FlagKeys.VoiceAiEnabled, new { scope = "user", memberId = org.Loner.Id, enabled = true });

        var flag = await MyFlagAsync(org.Loner, FlagKeys.VoiceAiEnabled);
        flag.GetProperty("switchOn").GetBoolean().Should().BeTrue();
        flag.GetProperty("entitled").GetBoolean().Should().BeFalse("the member has no SIM");
        flag.GetProperty("enabled").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task The_audit_trail_lists_who_changed_what_newest_first_and_only_the_organizations_changes()
    {
        var org = await fixture.SeedOrganizationAsync("FlagAudit");
        var admin = fixture.ClientFor(org.Admin);
        await PutAsync(admin, "webhooks", new { scope = "organization", enabled = false, reason = "CRM migration" });
        await PutAsync(admin, FlagKeys.VoiceAiEnabled, new { scope = "user", memberId = org.Trainee.Id, enabled = false, reason = "  Too many minutes  " });
        await PutAsync(admin, FlagKeys.VoiceAiEnabled, new { scope = "user", memberId = org.Trainee.Id, enabled = (bool?)null });
        // Another organization's change is not in this one's trail.
        var other = await fixture.SeedOrganizationAsync("FlagAuditOther");
        await PutAsync(fixture.ClientFor(other.Admin), "webhooks", new { scope = "organization", enabled = false });

        var page = await admin.GetJsonAsync("/api/admin/flags/audit");
        var items = page.Items();
        items.Should().HaveCount(3);
        page.Int("totalCount").Should().Be(3);
        var newest = items[0];
        newest.Str("key").Should().Be(FlagKeys.VoiceAiEnabled);
        newest.Str("scope").Should().Be("user");
        newest.Id("memberId").Should().Be(org.Trainee.Id);
        newest.Str("memberName").Should().Be(org.Trainee.Name);
        newest.GetProperty("oldValue").GetBoolean().Should().BeFalse();
        newest.IsNull("newValue").Should().BeTrue();
        newest.Str("changedByName").Should().Be(org.Admin.Name);
        newest.Str("changedBy").Should().Be(org.Admin.Id.ToString());
        newest.Str("source").Should().Be("admin");
        items[1].Str("reason").Should().Be("Too many minutes");
        items[1].IsNull("oldValue").Should().BeTrue();
        items[2].Should().Match<JsonElement>(i => i.Str("key") == "webhooks" && i.Str("scope") == "organization" && i.Str("reason") == "CRM migration"
            && i.GetProperty("memberName").ValueKind == JsonValueKind.Null);
        items.Select(i => i.GetProperty("changedAt").GetDateTimeOffset()).Should().BeInDescendingOrder();

        (await admin.GetJsonAsync($"/api/admin/flags/audit?memberId={org.Trainee.Id}")).Items().Should().HaveCount(2);
        (await admin.GetJsonAsync("/api/admin/flags/audit?key=webhooks")).Items().Should().ContainSingle();
        var first = await admin.GetJsonAsync("/api/admin/flags/audit?pageSize=2");
        first.Items().Should().HaveCount(2);
        first.Int("totalCount").Should().Be(3);
        first.GetProperty("hasNextPage").GetBoolean().Should().BeTrue();
        (await admin.GetJsonAsync("/api/admin/flags/audit?pageSize=2&page=2")).Items().Single().Str("key").Should().Be("webhooks");
    }

    [Fact]
    public async Task Each_change_emails_the_organizations_admins_and_the_platform_address()
    {
        var org = await fixture.SeedOrganizationAsync("FlagAlert");
        await PutAsync(fixture.ClientFor(org.Admin), FlagKeys.VoiceAiEnabled, new { scope = "user", memberId = org.Teammate.Id, enabled = false, reason = "Lent headset" });

        var alerts = await fixture.WithDbAsync(db => db.EmailMessages.Where(e => e.Template == "feature-flag-changed" && e.OrgId == org.Id).ToListAsync());
        alerts.Select(a => a.ToAddress).Should().BeEquivalentTo([org.Admin.Email, "alerts@platform.test"]);
        var mail = alerts.Single(a => a.ToAddress == org.Admin.Email);
        mail.TextBody.Should().Contain(FlagKeys.VoiceAiEnabled).And.Contain(org.Teammate.Name).And.Contain("Lent headset").And.Contain("/admin/flags");
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_problems()
    {
        var org = await fixture.SeedOrganizationAsync("FlagBad");
        var admin = fixture.ClientFor(org.Admin);

        await (await admin.PutJsonAsync($"/api/admin/flags/{FlagKeys.VoiceAiEnabled}", new { scope = "user", enabled = false })).ShouldBeValidationProblem("memberId");
        await (await admin.PutJsonAsync($"/api/admin/flags/{FlagKeys.VoiceAiEnabled}", new { scope = "organization", memberId = org.Trainee.Id, enabled = false })).ShouldBeValidationProblem("memberId");
        (await admin.PutJsonAsync($"/api/admin/flags/{FlagKeys.VoiceAiEnabled}", new { scope = "global", enabled = false })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.PutJsonAsync($"/api/admin/flags/{FlagKeys.VoiceAiEnabled}", new { scope = "organization" })).StatusCode.Should().Be(HttpStatusCode.BadRequest, "enabled is required (null clears)");
        await (await admin.PutJsonAsync("/api/admin/flags/no_such_flag", new { scope = "organization", enabled = false })).ShouldBeProblem(HttpStatusCode.NotFound);
        // Another organization's member is not found, for reading and for writing.
        await (await admin.PutJsonAsync($"/api/admin/flags/{FlagKeys.VoiceAiEnabled}", new { scope = "user", memberId = fixture.OrgB.Trainee.Id, enabled = false })).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/api/admin/flags?memberId={fixture.OrgB.Trainee.Id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        // Managers and trainees do not administer flags.
        (await fixture.ClientFor(org.Manager).GetAsync("/api/admin/flags")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await fixture.ClientFor(org.Trainee).PutJsonAsync($"/api/admin/flags/{FlagKeys.VoiceAiEnabled}", new { scope = "organization", enabled = false }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);

        (await fixture.WithDbAsync(db => db.FeatureFlagChanges.CountAsync(c => c.OrgId == org.Id || c.OrgId == fixture.OrgB.Id || c.OrgId == null))).Should().Be(0);
    }
}
