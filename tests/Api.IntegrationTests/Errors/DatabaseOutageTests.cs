using System.Net;
using Npgsql;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Errors;

/// <summary>The API reaches its database through a proxy the tests sever and restore, so an outage and the recovery after it can be observed.</summary>
public sealed class DatabaseOutageFixture : ApiFixture
{
    public SeverableTcpProxy Proxy { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString);
        Proxy = SeverableTcpProxy.To(server.Host!, server.Port);
        await base.InitializeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings) =>
        settings["DATABASE_URL"] = new NpgsqlConnectionStringBuilder(settings["DATABASE_URL"]) { Host = "127.0.0.1", Port = Proxy.Port, Timeout = 3 }.ConnectionString;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Proxy is not null) await Proxy.DisposeAsync();
    }
}

/// <summary>
/// With the database down, requests that need it answer 503 with Retry-After (callers and the
/// providers posting webhooks retry) and no internals; once it is back, the same requests succeed.
/// </summary>
public sealed class DatabaseOutageTests(DatabaseOutageFixture fixture) : IClassFixture<DatabaseOutageFixture>
{
    private SeededOrganization A => fixture.OrgA;

    [Fact]
    public async Task A_query_is_503_with_retry_after_while_the_database_is_down_and_200_once_it_is_back()
    {
        var client = fixture.ClientFor(A.Manager);
        // The caller is now in the tenant cache: the outage is met by the query, not by the sign-in.
        await client.GetJsonAsync("/api/scenarios");

        await WhileDownAsync(async () =>
        {
            using var response = await client.GetAsync("/api/scenarios");
            await ShouldBeOutageAsync(response);

            using var ready = await fixture.Anonymous().GetAsync("/readyz");
            ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        });

        using var recovered = await client.GetAsync("/api/scenarios");
        await recovered.ShouldHaveStatus(HttpStatusCode.OK);
        using var readyAgain = await fixture.Anonymous().GetAsync("/readyz");
        await readyAgain.ShouldHaveStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Resolving_the_callers_tenant_while_the_database_is_down_is_503()
    {
        // Seeded, but never signed in: authentication has to look the member up.
        var org = await fixture.SeedOrganizationAsync("Outage");

        await WhileDownAsync(async () =>
        {
            using var response = await fixture.ClientFor(org.Admin).GetAsync("/api/organization");
            await ShouldBeOutageAsync(response);
        });

        (await fixture.ClientFor(org.Admin).GetJsonAsync("/api/organization")).Id().Should().Be(org.Id);
    }

    [Fact]
    public async Task Checking_an_api_key_while_the_database_is_down_is_503()
    {
        using var created = await fixture.ClientFor(A.Admin).PostJsonAsync("/api/api-keys", new { name = "Outage key", scopes = new[] { "read" } });
        var key = (await created.ShouldHaveStatus(HttpStatusCode.Created)).Str("key");
        using var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        await WhileDownAsync(async () =>
        {
            using var response = await client.GetAsync("/api/scenarios");
            await ShouldBeOutageAsync(response);
        });

        await client.GetJsonAsync("/api/scenarios");
    }

    [Fact]
    public async Task A_signed_provider_webhook_is_503_so_the_provider_retries()
    {
        var body = VoiceCalls.CallEnded(A.TraineeAttemptId, "call_" + Guid.NewGuid().ToString("N"));

        await WhileDownAsync(async () =>
        {
            using var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), body);
            await ShouldBeOutageAsync(response);
        });
    }

    [Fact]
    public async Task A_write_is_503_and_is_stored_once_retried()
    {
        var client = fixture.ClientFor(A.Manager);
        await client.GetJsonAsync("/api/personas");
        var body = new { name = "Written after the outage", voiceId = "v" };

        await WhileDownAsync(async () =>
        {
            using var response = await client.PostJsonAsync("/api/personas", body);
            await ShouldBeOutageAsync(response);
        });

        using var retried = await client.PostJsonAsync("/api/personas", body);
        (await retried.ShouldHaveStatus(HttpStatusCode.Created)).Str("name").Should().Be("Written after the outage");
    }

    private async Task WhileDownAsync(Func<Task> during)
    {
        fixture.Proxy.Sever();
        try
        {
            await during();
        }
        finally
        {
            fixture.Proxy.Restore();
        }
    }

    private static async Task ShouldBeOutageAsync(HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull("a 503 tells callers when to retry");
        response.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero);
        problem.Str("detail").Should().Be("The service is temporarily unavailable. Retry shortly.");
        problem.ToString().Should().NotContainAny("Npgsql", "Exception", "   at ", "127.0.0.1", "Host=", "Failed to connect", "Socket");
    }
}
