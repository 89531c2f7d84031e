using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Webhooks.Outbound;

/// <summary>API keys (scopes, revocation, people-only endpoints) and the per-key and per-IP rate limits.</summary>
public sealed class IntegratorApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private HttpClient KeyClient(string key, bool asHeader = false)
    {
        var client = fixture.Factory.CreateClient();
        if (asHeader) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        else client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private async Task<(Guid Id, string Key)> CreateKeyAsync(SeededOrganization org, params string[] scopes)
    {
        using var response = await fixture.ClientFor(org.Admin).PostJsonAsync("/api/api-keys", new { name = "Zapier", scopes });
        var created = await response.ShouldHaveStatus(HttpStatusCode.Created);
        return (created.GetProperty("apiKey").Id(), created.Str("key"));
    }

    [Fact]
    public async Task A_key_is_shown_once_stored_hashed_and_acts_for_its_organization()
    {
        var org = await fixture.SeedOrganizationAsync();
        var (id, key) = await CreateKeyAsync(org, "read");
        key.Should().StartWith("vtk_");

        using var bearer = KeyClient(key);
        using var header = KeyClient(key, asHeader: true);
        (await bearer.GetJsonAsync("/api/scenarios")).ItemIds().Should().Contain(org.PublishedScenarioId);
        (await header.GetJsonAsync("/api/attempts?status=completed")).GetProperty("items").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Array);
        (await header.GetJsonAsync("/api/scenarios")).ItemIds().Should().NotContain(fixture.OrgA.PublishedScenarioId, "a key sees only its own organization");
        (await bearer.GetAsync($"/api/scenarios/{fixture.OrgA.PublishedScenarioId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var listed = (await fixture.ClientFor(org.Admin).GetJsonAsync("/api/api-keys")).Items().Single(k => k.Id() == id);
        listed.Str("prefix").Should().Be(key[..12]);
        listed.IsNull("lastUsedAt").Should().BeFalse("using a key records when");
        listed.TryGetProperty("key", out _).Should().BeFalse();
        var stored = await fixture.WithDbAsync(db => db.ApiKeys.IgnoreQueryFilters().SingleAsync(k => k.Id == id));
        stored.KeyHash.Should().HaveLength(64).And.NotContain(key[12..]);
    }

    [Fact]
    public async Task A_read_key_cannot_write_and_no_key_can_manage_keys()
    {
        var org = await fixture.SeedOrganizationAsync();
        var (_, read) = await CreateKeyAsync(org, "read");
        var (_, write) = await CreateKeyAsync(org, "write");
        using var reader = KeyClient(read);
        using var writer = KeyClient(write);

        var denied = await (await reader.PostJsonAsync("/api/hooks", new { target_url = "https://hooks.zapier.com/x", @event = "scenario.completed" }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        denied.Str("detail").Should().Contain("write");
        (await writer.GetAsync("/api/scenarios")).StatusCode.Should().Be(HttpStatusCode.OK, "write includes read");
        (await writer.GetAsync("/api/api-keys")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await writer.PostJsonAsync("/api/api-keys", new { name = "escalate", scopes = new[] { "write" } })).ShouldBeProblem(HttpStatusCode.Forbidden))
            .Str("detail").Should().Contain("API keys cannot");
    }

    [Fact]
    public async Task A_revoked_or_unknown_key_is_refused_at_once()
    {
        var org = await fixture.SeedOrganizationAsync();
        var (id, key) = await CreateKeyAsync(org, "read");
        using var client = KeyClient(key);
        (await client.GetAsync("/api/scenarios")).StatusCode.Should().Be(HttpStatusCode.OK);

        var revoked = await (await fixture.ClientFor(org.Admin).DeleteAsync($"/api/api-keys/{id}")).ShouldHaveStatus(HttpStatusCode.OK);
        revoked.IsNull("revokedAt").Should().BeFalse();
        var problem = await (await client.GetAsync("/api/scenarios")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        problem.Str("detail").Should().Contain("revoked");
        using var unknown = KeyClient("vtk_00000000_" + new string('x', 43));
        (await unknown.GetAsync("/api/scenarios")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await fixture.ClientFor(org.Admin).GetJsonAsync("/api/api-keys")).ItemIds().Should().NotContain(id, "revoked keys are hidden unless asked for");
        (await fixture.ClientFor(org.Admin).GetJsonAsync("/api/api-keys?includeRevoked=true")).ItemIds().Should().Contain(id);
    }

    [Fact]
    public async Task Only_admins_create_keys()
    {
        using var response = await fixture.ClientFor(fixture.OrgA.Manager).PostJsonAsync("/api/api-keys", new { name = "mine", scopes = new[] { "read" } });
        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        using var bad = await fixture.ClientFor(fixture.OrgA.Admin).PostJsonAsync("/api/api-keys", new { name = "", scopes = new[] { "admin" } });
        await bad.ShouldBeValidationProblem("name", "scopes[0]");
    }

    [Fact]
    public async Task Requests_over_the_limit_get_429_with_retry_after_per_key_and_per_ip()
    {
        var org = await fixture.SeedOrganizationAsync();
        var (_, key) = await CreateKeyAsync(org, "read");
        await using var limited = fixture.CreateFactory(fixture.Jwks, configure: s =>
        {
            s["RateLimiting:ApiKeyBurst"] = "3";
            s["RateLimiting:ApiKeyPerSecond"] = "1";
            s["RateLimiting:IpBurst"] = "8";
            s["RateLimiting:IpPerSecond"] = "1";
        });
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await client.GetAsync("/api/personas")).StatusCode);
        statuses.Take(3).Should().OnlyContain(s => s == HttpStatusCode.OK);
        statuses.Skip(3).Should().Contain(HttpStatusCode.TooManyRequests, "the key's bucket holds 3");

        using var limitedResponse = await client.GetAsync("/api/personas");
        var problem = await limitedResponse.ShouldBeProblem(HttpStatusCode.TooManyRequests);
        problem.Str("detail").Should().Contain("API key");
        limitedResponse.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero);

        // Without a key the IP's bucket applies; the health check is never limited.
        using var anonymous = limited.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++) codes.Add((await anonymous.GetAsync("/api/config")).StatusCode);
        codes.Should().Contain(HttpStatusCode.TooManyRequests);
        (await anonymous.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
