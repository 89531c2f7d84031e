using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Api.IntegrationTests.Flags;

/// <summary>
/// Global flag values: set by a platform operator (PLATFORM_OPERATOR_USER_IDS, here a manager of
/// organization A, so not an admin), refused to everyone else, admins included; an organization's
/// own setting still wins over them.
/// </summary>
public sealed class GlobalFlagTests(GlobalFlagTests.Fixture fixture) : IClassFixture<GlobalFlagTests.Fixture>
{
    public sealed class Fixture : ApiFixture
    {
        private readonly string _operatorUserId = $"user_operator_{Guid.NewGuid():N}";

        public SeededMember Operator { get; private set; } = null!;

        protected override void Configure(IDictionary<string, string?> settings)
        {
            settings["ADMIN_ALERT_EMAIL"] = "alerts@platform.test";
            settings["PLATFORM_OPERATOR_USER_IDS"] = $"user_someone_else, {_operatorUserId}";
        }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var member = new Member(OrgA.Id, _operatorUserId, $"operator.{Guid.NewGuid():N}@example.test", "Olive Operator", MemberRole.Manager, DateTimeOffset.UtcNow);
            await WithDbAsync(async db =>
            {
                db.Members.Add(member);
                await db.SaveChangesAsync();
            });
            Operator = new SeededMember(member.Id, OrgA.Id, OrgA.ExternalId, _operatorUserId, member.Email, member.Name, MemberRole.Manager);
        }
    }

    private static JsonElement Flag(JsonElement adminFlags, string key) =>
        adminFlags.GetProperty("flags").EnumerateArray().Single(f => f.Str("key") == key);

    private static async Task PutAsync(HttpClient client, string key, object body) =>
        await (await client.PutJsonAsync($"/api/admin/flags/{key}", body)).ShouldHaveStatus(HttpStatusCode.OK);

    private async Task<JsonElement> MyFlagAsync(SeededMember member, string key)
    {
        var flags = await fixture.ClientFor(member).GetJsonAsync("/api/me/flags");
        return flags.GetProperty("flags").EnumerateArray().Single(f => f.Str("key") == key);
    }

    [Fact]
    public async Task Only_platform_operators_set_global_values_and_an_organizations_setting_still_wins()
    {
        var org = await fixture.SeedOrganizationAsync("FlagGlobal");
        var body = new { enabled = false, reason = "Provider outage" };

        var refused = await fixture.ClientFor(org.Admin).PutJsonAsync("/api/admin/flags/webhooks/global", body);
        (await refused.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("platform's operators");
        (await fixture.ClientFor(org.Manager).PutJsonAsync("/api/admin/flags/webhooks/global", body)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var operatorClient = fixture.ClientFor(fixture.Operator);
        try
        {
            var set = await (await operatorClient.PutJsonAsync("/api/admin/flags/webhooks/global", body)).ShouldHaveStatus(HttpStatusCode.OK);
            set.Str("scope").Should().Be("global");
            set.GetProperty("changed").GetBoolean().Should().BeTrue();

            // Every organization is switched off, and refused the feature.
            (await MyFlagAsync(org.Admin, "webhooks")).Should().Match<JsonElement>(f => !f.GetProperty("enabled").GetBoolean() && f.Str("decidedBy") == "global");
            (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/webhooks", new { name = "CRM", url = "https://crm.example.com/hook", events = new[] { "user.added" } }))
                .StatusCode.Should().Be(HttpStatusCode.Forbidden);
            // An organization's own setting wins over the global one.
            await PutAsync(fixture.ClientFor(org.Admin), "webhooks", new { scope = "organization", enabled = true });
            (await MyFlagAsync(org.Admin, "webhooks")).Should().Match<JsonElement>(f => f.GetProperty("enabled").GetBoolean() && f.Str("decidedBy") == "organization");
            Flag(await fixture.ClientFor(org.Admin).GetJsonAsync("/api/admin/flags"), "webhooks").GetProperty("globalValue").GetBoolean().Should().BeFalse();

            // The global change is in every organization's trail, by the operator.
            var audit = (await fixture.ClientFor(org.Admin).GetJsonAsync("/api/admin/flags/audit?key=webhooks")).Items();
            audit.Should().Contain(i => i.Str("scope") == "global" && i.Str("source") == "operator" && i.Str("changedByName") == "Olive Operator" && i.Str("reason") == "Provider outage");
            var platformAlert = await fixture.WithDbAsync(db => db.EmailMessages.CountAsync(e => e.Template == "feature-flag-changed" && e.OrgId == fixture.OrgA.Id && e.ToAddress == "alerts@platform.test" && e.Subject.Contains("webhooks")));
            platformAlert.Should().Be(1, "the platform address hears of it, filed under the operator's organization");
        }
        finally
        {
            // Other tests of this class share the platform.
            await (await operatorClient.PutJsonAsync("/api/admin/flags/webhooks/global", new { enabled = (bool?)null })).ShouldHaveStatus(HttpStatusCode.OK);
        }
        (await MyFlagAsync(fixture.OrgB.Admin, "webhooks")).Str("decidedBy").Should().NotBe("global");
    }

    [Fact]
    public async Task A_global_change_reaches_every_organizations_open_streams()
    {
        var org = await fixture.SeedOrganizationAsync("FlagGlobalLive");
        await using var mine = await LiveStream.OpenAsync(fixture.ClientFor(org.Trainee));
        await using var theirs = await LiveStream.OpenAsync(fixture.ClientFor(fixture.OrgB.Manager));
        (await mine.NextAsync(TimeSpan.FromSeconds(5))).Type.Should().Be("ready");
        (await theirs.NextAsync(TimeSpan.FromSeconds(5))).Type.Should().Be("ready");

        var operatorClient = fixture.ClientFor(fixture.Operator);
        try
        {
            await (await operatorClient.PutJsonAsync("/api/admin/flags/api_access/global", new { enabled = false })).ShouldHaveStatus(HttpStatusCode.OK);
            foreach (var stream in new[] { mine, theirs })
            {
                var changed = await stream.NextAsync(TimeSpan.FromSeconds(1));
                changed.Type.Should().Be("flag.changed");
                changed.Data.Str("scope").Should().Be("global");
                changed.Data.Str("key").Should().Be("api_access");
            }
        }
        finally
        {
            await (await operatorClient.PutJsonAsync("/api/admin/flags/api_access/global", new { enabled = (bool?)null })).ShouldHaveStatus(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Concurrent_global_changes_of_one_flag_are_taken_one_at_a_time_and_audited_as_a_chain()
    {
        var operatorClient = fixture.ClientFor(fixture.Operator);
        bool?[] values = [false, true, null, false, true, false, null, true, false, true];
        try
        {
            var answers = await Task.WhenAll(values.Select(v =>
                operatorClient.PutJsonAsync("/api/admin/flags/voice_ai_enabled/global", new { enabled = v, reason = "Concurrent change" })));
            answers.Select(a => a.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.OK, "no change runs into another");

            var (changes, settings) = await fixture.WithDbAsync(async db => (
                await db.FeatureFlagChanges.AsNoTracking().Where(c => c.Key == "voice_ai_enabled" && c.Scope == VoiceTraining.Domain.Flags.FlagScope.Global)
                    .OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToListAsync(),
                await db.FeatureFlagSettings.AsNoTracking().Where(s => s.Key == "voice_ai_enabled" && s.Scope == VoiceTraining.Domain.Flags.FlagScope.Global).ToListAsync()));
            changes.Should().NotBeEmpty();
            changes[0].OldValue.Should().BeNull("there was no global setting before");
            for (var i = 1; i < changes.Count; i++)
                changes[i].OldValue.Should().Be(changes[i - 1].NewValue, "change {0}'s before is what change {1} left", i, i - 1);
            settings.Should().HaveCountLessThanOrEqualTo(1);
            (settings.SingleOrDefault()?.Enabled).Should().Be(changes[^1].NewValue, "the setting is what the last audited change left");
        }
        finally
        {
            await PutAsync(operatorClient, "voice_ai_enabled/global", new { enabled = (bool?)null });
        }
    }
}
