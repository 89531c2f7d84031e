using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Flags;
using VoiceTraining.Domain.Flags;
using VoiceTraining.Domain.Voice;
using VoiceTraining.Infrastructure.Live;

namespace VoiceTraining.Api.IntegrationTests.Flags;

/// <summary>
/// The NOTIFY channel between instances (ADR 0021): a change written through one API instance is
/// seen by a second one on the same database — its cached flags and its open stream — within one
/// second; and a listener whose connection is cut reconnects, drops its cache, tells its streams to
/// resync, and hears the changes after that.
/// </summary>
public sealed class LiveUpdateProofTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private Task GiveSimAsync(SeededMember member) => fixture.WithDbAsync(async db =>
    {
        var sim = new UserVoiceAddOn(member.OrgId, member.Id, DateTimeOffset.UtcNow);
        sim.Assign(null, DateTimeOffset.UtcNow);
        db.UserVoiceAddOns.Add(sim);
        await db.SaveChangesAsync();
    });

    private static async Task<bool> VoiceEnabledAsync(HttpClient client)
    {
        var flags = await client.GetJsonAsync("/api/me/flags");
        return flags.GetProperty("flags").EnumerateArray().Single(f => f.Str("key") == FlagKeys.VoiceAiEnabled).GetProperty("enabled").GetBoolean();
    }

    /// <summary>Polls until the member's voice flag reads <paramref name="expected"/>; fails when that takes longer than <paramref name="within"/> from <paramref name="since"/>.</summary>
    private static async Task<TimeSpan> UntilVoiceIsAsync(HttpClient client, bool expected, Stopwatch since, TimeSpan within)
    {
        while (true)
        {
            if (await VoiceEnabledAsync(client) == expected) return since.Elapsed;
            since.Elapsed.Should().BeLessThan(within, $"the voice flag should read {expected} by then");
            await Task.Delay(20);
        }
    }

    private static Task ListeningAsync(ApiFactory factory) =>
        Eventually.EventuallyAsync(() => factory.Services.GetRequiredService<LiveUpdateListener>().IsListening, "the instance's listener is up", TimeSpan.FromSeconds(10));

    [Fact]
    public async Task A_change_through_one_instance_reaches_the_second_instances_cache_and_stream_within_one_second()
    {
        var org = await fixture.SeedOrganizationAsync("TwoInstances");
        await GiveSimAsync(org.Trainee);
        await using var second = fixture.CreateFactory(fixture.Jwks);
        second.StartServer();
        await ListeningAsync(second);
        await ListeningAsync(fixture.Factory);
        using var onSecond = second.CreateClient();
        onSecond.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.TokenFor(org.Trainee));

        // The second instance caches the organization's settings: voice AI on.
        (await VoiceEnabledAsync(onSecond)).Should().BeTrue();
        (await VoiceEnabledAsync(onSecond)).Should().BeTrue();
        await using var stream = await LiveStream.OpenAsync(onSecond);
        (await stream.NextAsync(TimeSpan.FromSeconds(5))).Type.Should().Be("ready");

        // Written through the first instance's admin endpoint.
        var clock = Stopwatch.StartNew();
        var put = await fixture.ClientFor(org.Admin).PutJsonAsync($"/api/admin/flags/{FlagKeys.VoiceAiEnabled}",
            new { scope = "user", memberId = org.Trainee.Id, enabled = false, reason = "Two instances" });
        await put.ShouldHaveStatus(HttpStatusCode.OK);

        var changed = await stream.NextAsync(OneSecond);
        changed.Type.Should().Be("flag.changed");
        changed.Data.Str("key").Should().Be(FlagKeys.VoiceAiEnabled);
        changed.Data.GetProperty("value").GetBoolean().Should().BeFalse();
        clock.Elapsed.Should().BeLessThan(OneSecond, "the stream on the second instance hears it within a second of the request");
        // Its cache was dropped by the notification (the cache's own age limit is a minute).
        await UntilVoiceIsAsync(onSecond, false, clock, OneSecond);
    }

    [Fact]
    public async Task A_severed_listener_reconnects_drops_its_cache_sends_resync_and_hears_later_changes()
    {
        var org = await fixture.SeedOrganizationAsync("Reconnect");
        await GiveSimAsync(org.Trainee);
        await ListeningAsync(fixture.Factory);
        var trainee = fixture.ClientFor(org.Trainee);
        (await VoiceEnabledAsync(trainee)).Should().BeTrue();
        await using var stream = await LiveStream.OpenAsync(trainee);
        (await stream.NextAsync(TimeSpan.FromSeconds(5))).Type.Should().Be("ready");

        // A setting written behind the app's back (no NOTIFY): the cached value hides it, which shows the cache is in use.
        await fixture.WithDbAsync(async db =>
        {
            db.FeatureFlagSettings.Add(new FeatureFlagSetting(FlagKeys.VoiceAiEnabled, FlagScope.Organization, org.Id, null, false, "test", FlagChangeSources.Admin, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        });
        (await VoiceEnabledAsync(trainee)).Should().BeTrue("the instance still serves its cached settings");

        // Cut the LISTEN connection, as a database restart would.
        await using (var connection = new NpgsqlConnection(fixture.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'", connection);
            ((long)(await terminate.ExecuteScalarAsync())!).Should().BeGreaterThanOrEqualTo(1, "this instance listens on this database");
        }

        var resync = await stream.NextAsync(TimeSpan.FromSeconds(10));
        resync.Type.Should().Be("resync");
        (await VoiceEnabledAsync(trainee)).Should().BeFalse("the reconnected listener dropped the cached settings");

        // Changes after the reconnect still arrive.
        await (await fixture.ClientFor(org.Admin).PutJsonAsync($"/api/admin/flags/{FlagKeys.VoiceAiEnabled}",
            new { scope = "user", memberId = org.Trainee.Id, enabled = true })).ShouldHaveStatus(HttpStatusCode.OK);
        var changed = await stream.NextAsync(OneSecond);
        changed.Type.Should().Be("flag.changed");
        changed.Data.Str("scope").Should().Be("user");
        (await VoiceEnabledAsync(trainee)).Should().BeTrue();
    }
}
