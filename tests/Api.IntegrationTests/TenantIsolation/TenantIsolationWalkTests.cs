using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.TenantIsolation;

/// <summary>
/// Walks every operation the running API documents and attacks organization A as organization B's
/// admin. New endpoints are covered automatically; one whose path parameter, query id or body this
/// walk cannot fill makes the test fail until it is taught how (the tables of <see cref="OperationRequests"/>).
/// </summary>
public sealed class TenantIsolationWalkTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private SeededOrganization A => fixture.OrgA;
    private SeededOrganization B => fixture.OrgB;

    /// <summary>A's ids in paths and queries, bodies valid in B.</summary>
    private OperationRequests Requests => new(target: A, caller: B);

    [Fact]
    public async Task Organization_b_cannot_reach_organization_a_through_any_operation_with_a_path_parameter()
    {
        var before = await SnapshotAsync(A.Id);
        var client = fixture.ClientFor(B.Admin);
        var unmapped = new List<string>();
        var leaks = new List<string>();
        var walked = 0;

        foreach (var operation in await ApiOperations.ServedAsync(fixture))
        {
            var pathParameters = operation.PathParameters.ToList();
            if (pathParameters.Count == 0) continue;
            // Event types name no tenant resource: B gets its own answer there, which must not contain
            // A's data (the REST-hook tests check that).
            if (pathParameters.Any(p => OperationRequests.NotTenantResources.ContainsKey(operation.CollectionBefore(p)))) continue;

            var filled = Requests.For(operation, out var missing);
            if (filled is null)
            {
                unmapped.Add(missing!);
                continue;
            }
            var (method, key, sentIds) = (operation.Method, operation.Key, filled.SentIds);
            using var request = filled.ToMessage(method);
            using var response = await client.SendAsync(request);
            walked++;
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
                leaks.Add($"{key} answered {status} for organization A's resource: {Truncate(text)}");
            else if (method == "GET" && response.StatusCode != HttpStatusCode.NotFound)
                leaks.Add($"{key} answered {status}, expected 404 for a read: {Truncate(text)}");
            else if (status >= 500)
                leaks.Add($"{key} answered {status}: {Truncate(text)}");
            leaks.AddRange(Leaked(text, sentIds).Select(f => $"{key} answered with organization A's data ({f})"));
        }

        unmapped.Should().BeEmpty("every operation with a path parameter must be attacked (teach this test the new ones)");
        leaks.Should().BeEmpty();
        walked.Should().BeGreaterThanOrEqualTo(20, "the document lists at least the known id operations");
        (await SnapshotAsync(A.Id)).Should().Be(before, "organization A's data must be unchanged");
    }

    [Fact]
    public async Task Organization_b_lists_and_reads_nothing_of_organization_a()
    {
        var before = await SnapshotAsync(A.Id);
        var client = fixture.ClientFor(B.Admin);
        var unmapped = new List<string>();
        var leaks = new List<string>();
        var walked = 0;

        var document = await fixture.Anonymous().GetJsonAsync("/swagger/v1/swagger.json");
        foreach (var operation in await ApiOperations.ServedAsync(fixture))
        {
            if (operation.Method != "GET" || operation.PathParameters.Any()) continue;

            var template = operation.Template;
            var queryIds = operation.QueryParameters.Select(p => p.Str("name")).Where(p => p.EndsWith("Id", StringComparison.Ordinal)).ToList();
            var attempts = new List<(string Url, List<Guid> Sent)> { (template, []) };
            // Every value of every enum filter, and a search for organization A's marker, each with the largest page.
            foreach (var parameter in operation.QueryParameters)
            {
                var name = parameter.Str("name");
                foreach (var value in EnumValues(document, parameter.GetProperty("schema")))
                    attempts.Add(($"{template}?{name}={value}&pageSize=100", []));
                if (name == "search") attempts.Add(($"{template}?search={Uri.EscapeDataString(A.Marker)}&pageSize=100", []));
            }
            var query = new List<string>();
            var sent = new List<Guid>();
            foreach (var parameter in queryIds)
            {
                var id = Requests.QueryId(parameter);
                if (id is null)
                {
                    unmapped.Add($"GET {template}: no organization-A resource for query parameter {parameter}");
                    continue;
                }
                query.Add($"{parameter}={id}");
                sent.Add(id.Value);
                // Each id alone, and all together.
                attempts.Add(($"{template}?{parameter}={id}", [id.Value]));
            }
            if (query.Count > 1) attempts.Add(($"{template}?{string.Join('&', query)}", sent));

            foreach (var (url, ids) in attempts)
            {
                // The live stream never ends: its answer is its status (SendAndReadAsync leaves it unread).
                var (answer, body) = await client.SendAndReadAsync(new HttpRequestMessage(HttpMethod.Get, url));
                using var response = answer;
                walked++;
                var text = Encoding.UTF8.GetString(body);
                var status = (int)response.StatusCode;
                if (status >= 500) leaks.Add($"GET {url} answered {status}: {Truncate(text)}");
                if (status is >= 200 and < 300 || response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden)
                    leaks.AddRange(Leaked(text, ids).Select(f => $"GET {url} answered with organization A's data ({f})"));
                else
                    leaks.Add($"GET {url} answered {status}");
            }
        }

        unmapped.Should().BeEmpty("every id-valued query parameter must be attacked (teach this test the new ones)");
        leaks.Should().BeEmpty();
        walked.Should().BeGreaterThanOrEqualTo(40);
        (await SnapshotAsync(A.Id)).Should().Be(before, "organization A's data must be unchanged");
    }

    [Fact]
    public async Task Organization_a_sees_its_own_data_through_the_same_lists()
    {
        // The walk above is only meaningful if the lists do show a caller's own organization.
        var client = fixture.ClientFor(A.Admin);

        (await client.GetJsonAsync("/api/scenarios")).ItemIds().Should().Contain(A.PublishedScenarioId);
        (await client.GetJsonAsync("/api/personas")).ItemIds().Should().Contain(A.PersonaId);
        (await client.GetJsonAsync("/api/tracks")).ItemIds().Should().Contain(A.TrackId);
        (await client.GetJsonAsync("/api/assignments")).ItemIds().Should().Contain(A.TraineeAssignmentId);
        (await client.GetJsonAsync("/api/attempts")).ItemIds().Should().Contain(A.TraineeAttemptId);
        (await client.GetJsonAsync("/api/members")).ItemIds().Should().Contain(A.Trainee.Id);
    }

    [Fact]
    public async Task Bodies_that_reference_organization_a_are_rejected()
    {
        var before = await SnapshotAsync(A.Id);
        var bBefore = await CountsAsync(B.Id);
        var client = fixture.ClientFor(B.Admin);

        using var scenario = await client.PostJsonAsync("/api/scenarios", new { title = "Borrowed persona", personaId = A.PersonaId, aiPrompt = "p" });
        using var track = await client.PostJsonAsync("/api/tracks", new { title = "Borrowed", scenarioIds = new[] { A.PublishedScenarioId } });
        using var assignMember = await client.PostJsonAsync("/api/assignments", new { memberId = A.Trainee.Id, scenarioId = B.PublishedScenarioId });
        using var assignScenario = await client.PostJsonAsync("/api/assignments", new { memberId = B.Trainee.Id, scenarioId = A.SecondScenarioId });
        using var assignTrack = await client.PostJsonAsync("/api/assignments", new { memberId = B.Trainee.Id, trackId = A.TrackId });
        using var manager = await client.PutJsonAsync($"/api/members/{B.Loner.Id}/manager", new { managerId = A.Manager.Id });

        await scenario.ShouldBeValidationProblem("personaId");
        await track.ShouldBeValidationProblem("scenarioIds");
        await assignMember.ShouldBeValidationProblem("memberId");
        await assignScenario.ShouldBeValidationProblem("scenarioId");
        await assignTrack.ShouldBeValidationProblem("trackId");
        await manager.ShouldBeValidationProblem("managerId");
        (await SnapshotAsync(A.Id)).Should().Be(before);
        (await CountsAsync(B.Id)).Should().Be(bBefore);
    }

    /// <summary>The allowed values of an enum parameter (inline, by $ref, or wrapped in allOf).</summary>
    private static IEnumerable<string> EnumValues(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("enum", out var values)) return values.EnumerateArray().Select(v => v.ToString());
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return EnumValues(document, document.GetProperty("components").GetProperty("schemas").GetProperty(name));
        }
        if (schema.TryGetProperty("allOf", out var all)) return all.EnumerateArray().SelectMany(s => EnumValues(document, s));
        return [];
    }

    /// <summary>
    /// Organization A's fingerprints in a response, except the ids the request itself carried
    /// (a 404 may echo the id it could not find: that discloses nothing).
    /// </summary>
    private IEnumerable<string> Leaked(string text, IEnumerable<Guid> sent)
    {
        var echoed = sent.Select(id => id.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return A.Fingerprints.Where(f => !echoed.Contains(f) && text.Contains(f, StringComparison.OrdinalIgnoreCase)).Distinct();
    }

    /// <summary>Everything about an organization the API could change, as text.</summary>
    private Task<string> SnapshotAsync(Guid orgId) => fixture.WithDbAsync(async db =>
    {
        var snapshot = new
        {
            organization = await db.Organizations.AsNoTracking().Where(o => o.Id == orgId).Select(o => new { o.Name, o.Plan }).SingleAsync(),
            members = await db.Members.IgnoreQueryFilters().AsNoTracking().Where(m => m.OrgId == orgId).OrderBy(m => m.Id)
                .Select(m => new { m.Id, m.Role, m.Status, m.ManagerId, m.Name, m.UpdatedAt }).ToListAsync(),
            personas = await db.Personas.IgnoreQueryFilters().AsNoTracking().Where(p => p.OrgId == orgId).OrderBy(p => p.Id)
                .Select(p => new { p.Id, p.Name, p.VoiceId, p.Difficulty, p.UpdatedAt }).ToListAsync(),
            scenarios = await db.Scenarios.IgnoreQueryFilters().AsNoTracking().Where(s => s.OrgId == orgId).OrderBy(s => s.Id)
                .Select(s => new { s.Id, s.Title, s.Status, s.PersonaId, s.AiPrompt, s.PassingThreshold, s.UpdatedAt }).ToListAsync(),
            tracks = await db.Tracks.IgnoreQueryFilters().AsNoTracking().Where(t => t.OrgId == orgId).OrderBy(t => t.Id)
                .Select(t => new { t.Id, t.Title, t.UpdatedAt, Scenarios = t.Scenarios.OrderBy(s => s.Position).Select(s => s.ScenarioId).ToList() }).ToListAsync(),
            assignments = await db.Assignments.IgnoreQueryFilters().AsNoTracking().Where(a => a.OrgId == orgId).OrderBy(a => a.Id)
                .Select(a => new { a.Id, a.MemberId, a.DueAt, a.Status, a.UpdatedAt }).ToListAsync(),
            attempts = await db.Attempts.IgnoreQueryFilters().AsNoTracking().Where(a => a.OrgId == orgId).OrderBy(a => a.Id)
                .Select(a => new { a.Id, a.Status, a.UpdatedAt }).ToListAsync(),
            webhooks = await db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking().Where(e => e.OrgId == orgId).OrderBy(e => e.Id)
                .Select(e => new { e.Id, e.Url, e.Enabled, e.ProtectedSecret, e.UpdatedAt }).ToListAsync(),
            deliveries = await db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking().Where(d => d.OrgId == orgId).OrderBy(d => d.Id)
                .Select(d => new { d.Id, d.Status, d.AttemptCount, d.NextAttemptAt }).ToListAsync(),
            apiKeys = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking().Where(k => k.OrgId == orgId).OrderBy(k => k.Id)
                .Select(k => new { k.Id, k.RevokedAt }).ToListAsync(),
        };
        return JsonSerializer.Serialize(snapshot);
    });

    private Task<string> CountsAsync(Guid orgId) => fixture.WithDbAsync(async db =>
        new StringBuilder()
            .Append(await db.Scenarios.IgnoreQueryFilters().CountAsync(s => s.OrgId == orgId)).Append('/')
            .Append(await db.Tracks.IgnoreQueryFilters().CountAsync(t => t.OrgId == orgId)).Append('/')
            .Append(await db.Assignments.IgnoreQueryFilters().CountAsync(a => a.OrgId == orgId)).Append('/')
            .Append(await db.Members.IgnoreQueryFilters().CountAsync(m => m.OrgId == orgId && m.ManagerId != null))
            .ToString());

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
