using System.Net;
using System.Net.Sockets;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Infrastructure.Email;

namespace VoiceTraining.Api.IntegrationTests.Health;

public sealed class HealthEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Healthz_answers_200_without_a_token()
    {
        using var response = await fixture.Anonymous().GetAsync("/healthz");
        await response.ShouldHaveStatus(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task Readyz_answers_200_when_the_database_answers()
    {
        using var response = await fixture.Anonymous().GetAsync("/readyz");
        await response.ShouldHaveStatus(HttpStatusCode.OK);
        // The suites choose email's local mode, which is all /readyz has to report.
        (await response.Content.ReadAsStringAsync()).Should().Be($"Degraded\nemail: {EmailModeHealthCheck.LocalModeDescription}");
    }

    [Fact]
    public async Task Readyz_answers_503_when_the_database_is_unreachable_while_healthz_stays_200()
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, configure: s => s["DATABASE_URL"] = UnreachableDatabase());
        using var client = factory.CreateClient();

        using var ready = await client.GetAsync("/readyz");
        await ready.ShouldHaveStatus(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).Should().StartWith("Unhealthy\n").And.Contain("database: The database is not reachable.");

        using var live = await client.GetAsync("/healthz");
        await live.ShouldHaveStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unreachable_database_while_resolving_the_caller_is_a_503_problem_without_internals()
    {
        // Every authenticated request resolves the caller in the database; with none reachable that step cannot answer.
        await using var factory = fixture.CreateFactory(fixture.Jwks, configure: s => s["DATABASE_URL"] = UnreachableDatabase());
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", fixture.TokenFor(fixture.OrgA.Admin));

        using var response = await client.GetAsync("/api/organization");

        var problem = await response.ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull();
        problem.Str("detail").Should().Be("The service is temporarily unavailable. Retry shortly.");
        var body = problem.ToString();
        body.Should().NotContainAny("Npgsql", "Exception", "   at ", "127.0.0.1", "Password", "Host=");
    }

    /// <summary>A connection string to a port nothing listens on.</summary>
    private static string UnreachableDatabase()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"Host=127.0.0.1;Port={port};Database=unreachable;Username=postgres;Timeout=3";
    }
}
