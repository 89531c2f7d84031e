using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.TenantIsolation;

/// <summary>
/// Walks every operation the running API documents and attacks organization A as organization B's
/// admin. New endpoints are covered automatically; one whose path parameter, query id or body this
/// walk cannot fill makes the test fail until it is taught how (see the tables below).
/// </summary>
public sealed class TenantIsolationWalkTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly string[] Methods = ["get", "put", "post", "patch", "delete"];

    private SeededOrganization A => fixture.OrgA;
    private SeededOrganization B => fixture.OrgB;

    /// <summary>Organization A's resource for a path parameter, by the collection the parameter follows.</summary>
    private Guid? ResourceOfA(string collection) => collection switch
    {
        "scenarios" => A.PublishedScenarioId,
        "personas" => A.PersonaId,
        "tracks" => A.TrackId,
        "assignments" => A.TraineeAssignmentId,
        "attempts" => A.TraineeAttemptId,
        "members" => A.Trainee.Id,
        "webhooks" => A.WebhookEndpointId,
        "deliveries" => A.WebhookDeliveryId,
        "hooks" => A.RestHookId,
        "api-keys" => A.ApiKeyId,
        "orders" => A.PaymentOrderId,
        _ => null,
    };

    /// <summary>
    /// Path parameters that name no tenant resource (an event type): organization B gets its own
    /// answer there, which must not contain A's data (the REST-hook tests check that), so the id
    /// walk skips them.
    /// </summary>
    private static readonly HashSet<string> NotTenantResources = ["samples"];

    /// <summary>Organization A's resource for an id-valued query parameter.</summary>
    private Guid? QueryIdOfA(string parameter) => parameter switch
    {
        "memberId" => A.Trainee.Id,
        "managerId" => A.Manager.Id,
        "scenarioId" => A.PublishedScenarioId,
        "personaId" => A.PersonaId,
        "trackId" => A.TrackId,
        "assignmentId" => A.TraineeAssignmentId,
        "attemptId" => A.TraineeAttemptId,
        "endpointId" => A.WebhookEndpointId,
        "eventId" => A.WebhookEventId,
        _ => null,
    };

    /// <summary>
    /// Plausible bodies, valid in organization B (so validation passes and the lookup of A's
    /// resource is what answers). Keyed by "METHOD path template".
    /// </summary>
    private Dictionary<string, object> Bodies() => new()
    {
        ["PUT /api/scenarios/{id}"] = new
        {
            title = "Taken over",
            personaId = B.PersonaId,
            aiPrompt = "Prompt",
            rubric = new object[] { new { name = "Talk", weight = 1, kind = "kpi_range", kpi = "talk_ratio", min = 10.0, max = 90.0 } },
            passingThreshold = 50,
        },
        ["PUT /api/personas/{id}"] = new { name = "Taken over", voiceProvider = "elevenlabs", voiceId = "v", difficulty = "hard" },
        ["PUT /api/tracks/{id}"] = new { title = "Taken over", scenarioIds = new[] { B.PublishedScenarioId } },
        ["PATCH /api/assignments/{id}"] = new { dueAt = DateTimeOffset.UtcNow.AddDays(3) },
        ["PUT /api/members/{id}/role"] = new { role = "admin" },
        ["PUT /api/members/{id}/manager"] = new { managerId = B.Manager.Id },
        ["PUT /api/webhooks/{id}"] = new { name = "Taken over", url = "https://example.com/hook", events = new[] { "scenario.completed" }, enabled = true },
        ["POST /api/webhooks/{id}/replay-failed"] = new { since = DateTimeOffset.UtcNow.AddDays(-1) },
        ["POST /api/attempts/{id}/comments"] = new { body = "Leaked?" },
    };

    [Fact]
    public async Task Organization_b_cannot_reach_organization_a_through_any_operation_with_a_path_parameter()
    {
        var before = await SnapshotAsync(A.Id);
        var client = fixture.ClientFor(B.Admin);
        var bodies = Bodies();
        var unmapped = new List<string>();
        var leaks = new List<string>();
        var walked = 0;

        foreach (var (method, template, operation) in await OperationsAsync())
        {
            var pathParameters = Parameters(operation, "path").ToList();
            if (pathParameters.Count == 0) continue;

            var url = template;
            var sentIds = new List<Guid>();
            if (pathParameters.Any(p => NotTenantResources.Contains(CollectionBefore(template, p)))) continue;
            foreach (var parameter in pathParameters)
            {
                var id = ResourceOfA(CollectionBefore(template, parameter));
                if (id is null)
                {
                    unmapped.Add($"{method} {template}: no organization-A resource for path parameter {{{parameter}}}");
                    continue;
                }
                sentIds.Add(id.Value);
                url = url.Replace("{" + parameter + "}", id.Value.ToString(), StringComparison.Ordinal);
            }
            if (url.Contains('{', StringComparison.Ordinal)) continue;

            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            var key = $"{method} {template}";
            if (RequiresBody(operation))
            {
                if (!bodies.TryGetValue(key, out var body))
                {
                    unmapped.Add($"{key}: needs a plausible JSON body in Bodies()");
                    continue;
                }
                request.Content = ClientHttp.JsonBody(body);
            }
            else if (bodies.TryGetValue(key, out var optional))
            {
                request.Content = ClientHttp.JsonBody(optional);
            }

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
        foreach (var (method, template, operation) in await OperationsAsync())
        {
            if (method != "GET" || Parameters(operation, "path").Any()) continue;

            var queryIds = Parameters(operation, "query").Where(p => p.EndsWith("Id", StringComparison.Ordinal)).ToList();
            var attempts = new List<(string Url, List<Guid> Sent)> { (template, []) };
            // Every value of every enum filter, and a search for organization A's marker, each with the largest page.
            foreach (var parameter in QueryParameters(operation))
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
                var id = QueryIdOfA(parameter);
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
                using var response = await client.GetAsync(url);
                walked++;
                var text = await response.Content.ReadAsStringAsync();
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

    private async Task<List<(string Method, string Template, JsonElement Operation)>> OperationsAsync()
    {
        var document = await fixture.Anonymous().GetJsonAsync("/swagger/v1/swagger.json");
        var operations = new List<(string, string, JsonElement)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var method in Methods)
            {
                if (path.Value.TryGetProperty(method, out var operation))
                    operations.Add((method.ToUpperInvariant(), path.Name, operation));
            }
        }
        operations.Should().NotBeEmpty();
        return operations;
    }

    private static IEnumerable<string> Parameters(JsonElement operation, string location) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.Str("in") == location).Select(p => p.Str("name"))
            : [];

    private static IEnumerable<JsonElement> QueryParameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.Str("in") == "query")
            : [];

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

    private static bool RequiresBody(JsonElement operation) =>
        operation.TryGetProperty("requestBody", out var body)
        && (!body.TryGetProperty("required", out var required) || required.GetBoolean());

    /// <summary>"/api/members/{id}/role", "id" → "members".</summary>
    private static string CollectionBefore(string template, string parameter)
    {
        var segments = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(segments, "{" + parameter + "}");
        return index > 0 ? segments[index - 1] : "";
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
