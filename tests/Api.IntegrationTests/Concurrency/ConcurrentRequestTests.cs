using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Api.IntegrationTests.Concurrency;

/// <summary>Rules that must hold when the same request arrives several times at once (double clicks, retries, redeliveries).</summary>
public sealed class ConcurrentRequestTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const int Parallel = 6;

    [Fact]
    public async Task Simultaneous_identical_assignments_create_one_open_assignment()
    {
        var org = await fixture.SeedOrganizationAsync();
        var client = fixture.ClientFor(org.Manager);
        var body = new { memberId = org.Loner.Id, scenarioId = org.SecondScenarioId, dueAt = DateTimeOffset.UtcNow.AddDays(3) };

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => client.PostJsonAsync("/api/assignments", body)));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        foreach (var response in responses) response.Dispose();
        var stored = await fixture.WithDbAsync(db => db.Assignments.IgnoreQueryFilters()
            .CountAsync(a => a.MemberId == org.Loner.Id && a.ScenarioId == org.SecondScenarioId));
        stored.Should().Be(1, "a member has at most one open assignment per scenario (statuses: {0})", string.Join(", ", statuses));
        statuses.Count(s => s == HttpStatusCode.Created).Should().Be(1);
        statuses.Where(s => s != HttpStatusCode.Created).Should().AllSatisfy(s => s.Should().Be(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Simultaneous_redeliveries_of_a_webhook_are_applied_once()
    {
        var org = await fixture.SeedOrganizationAsync();
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);
        var body = VoiceCalls.CallEnded(attemptId, "call_" + Guid.NewGuid().ToString("N"));

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => VoiceCalls.PostWebhookAsync(fixture.Anonymous(), body)));

        var outcomes = new List<string>();
        foreach (var response in responses)
        {
            outcomes.Add((await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome"));
            response.Dispose();
        }
        outcomes.Count(o => o == "applied").Should().Be(1, "outcomes were {0}", string.Join(", ", outcomes));
        outcomes.Where(o => o != "applied").Should().AllBe("duplicate");
        (await fixture.WithDbAsync(db => db.VoiceUsageRecords.IgnoreQueryFilters().CountAsync(u => u.AttemptId == attemptId))).Should().Be(1);
    }

    [Fact]
    public async Task Two_admins_deactivating_each_other_at_once_leave_an_active_admin()
    {
        var failures = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var org = await fixture.SeedOrganizationAsync("Admins");
            using (var promote = await fixture.ClientFor(org.Admin).PutJsonAsync($"/api/members/{org.Manager.Id}/role", new { role = "admin" }))
                await promote.ShouldHaveStatus(HttpStatusCode.OK);
            using var first = fixture.ClientWithToken(fixture.TokenFor(org.Admin));
            using var second = fixture.ClientWithToken(fixture.TokenFor(org.Manager, t => t with { Role = "admin" }));

            var responses = await Task.WhenAll(
                first.PostAsync($"/api/members/{org.Manager.Id}/deactivate", null),
                second.PostAsync($"/api/members/{org.Admin.Id}/deactivate", null));

            var statuses = string.Join(", ", responses.Select(r => (int)r.StatusCode));
            foreach (var response in responses) response.Dispose();
            var activeAdmins = await fixture.WithDbAsync(db => db.Members.IgnoreQueryFilters()
                .CountAsync(m => m.OrgId == org.Id && m.Role == MemberRole.Admin && m.Status == MemberStatus.Active));
            if (activeAdmins == 0) failures.Add($"round {round}: no active admin left (statuses {statuses})");
        }

        failures.Should().BeEmpty("an organization always keeps at least one active admin");
    }
}
