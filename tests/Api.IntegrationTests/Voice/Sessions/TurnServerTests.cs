using System.Net;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Voice.Sessions;

/// <summary>The API pointed at a real coturn (<see cref="Coturn"/>) with the same shared secret.</summary>
public sealed class TurnServerFixture : ApiFixture
{
    public const string Secret = "coturn-shared-secret-for-tests-91c4";

    public Coturn Turn { get; private set; } = null!;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["TURN_SERVER_URL"] = $"turn:127.0.0.1:{Turn.Port}";
        settings["TURN_SHARED_SECRET"] = Secret;
    }

    public override async Task InitializeAsync()
    {
        Turn = await Coturn.StartAsync(Secret);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Turn is not null) await Turn.DisposeAsync();
    }

    public async Task<SeededOrganization> OrganizationWithVoiceAsync()
    {
        var org = await SeedOrganizationAsync("Turn");
        await WithDbAsync(async db =>
        {
            var sim = new Domain.Voice.UserVoiceAddOn(org.Id, org.Trainee.Id, DateTimeOffset.UtcNow);
            sim.Assign(null, DateTimeOffset.UtcNow);
            db.UserVoiceAddOns.Add(sim);
            await db.SaveChangesAsync();
        });
        return org;
    }
}

/// <summary>
/// The TURN credentials start-session hands out, tried against coturn with <c>use-auth-secret</c>:
/// coturn recomputes the password from the username and the shared secret and checks the expiry.
/// </summary>
public sealed class TurnServerTests(TurnServerFixture fixture) : IClassFixture<TurnServerFixture>
{
    [Fact]
    public async Task The_credentials_of_a_started_session_allocate_a_relay()
    {
        var (username, credential) = await TurnCredentialsAsync(fixture.Factory.CreateClient(), fixture.TokenFor((await fixture.OrganizationWithVoiceAsync()).Trainee));

        var (exitCode, output) = await fixture.Turn.AllocateAsync(username, credential);

        exitCode.Should().Be(0, "coturn accepts the session's credentials; turnutils_uclient said: {0}", output);
        output.Should().Contain("tot_recv_msgs=");
        fixture.Turn.LogOf(username).Should().Contain("ALLOCATE processed, success").And.NotContain("401");
    }

    [Fact]
    public async Task A_tampered_credential_is_refused()
    {
        var (username, credential) = await TurnCredentialsAsync(fixture.Factory.CreateClient(), fixture.TokenFor((await fixture.OrganizationWithVoiceAsync()).Trainee));
        var tampered = (credential[0] == 'A' ? 'B' : 'A') + credential[1..];

        var (exitCode, output) = await fixture.Turn.AllocateAsync(username, tampered);

        exitCode.Should().NotBe(0, "turnutils_uclient said: {0}", output);
        output.Should().Contain("Cannot complete Allocation");
        fixture.Turn.LogOf(username).Should().Contain("error 401: Unauthorized").And.NotContain("ALLOCATE processed, success");
    }

    [Fact]
    public async Task A_credential_past_its_expiry_is_refused()
    {
        var org = await fixture.OrganizationWithVoiceAsync();
        // An API whose clock is two hours behind, minting credentials for an hour: they expired an hour ago.
        var past = new ManualClock(DateTimeOffset.UtcNow.AddHours(-2));
        await using var behind = fixture.CreateFactory(fixture.Jwks, past, s => s["TURN_CREDENTIAL_TTL_SECONDS"] = "3600");
        var then = past.GetUtcNow();
        var token = fixture.TokenFor(org.Trainee, t => t with { IssuedAt = then, NotBefore = then.AddSeconds(-5), Expires = then.AddMinutes(10) });
        var (username, credential) = await TurnCredentialsAsync(behind.CreateClient(), token);
        long.Parse(username.Split(':')[0]).Should().BeLessThan(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3000);

        var (exitCode, output) = await fixture.Turn.AllocateAsync(username, credential);

        exitCode.Should().NotBe(0, "turnutils_uclient said: {0}", output);
        output.Should().Contain("Cannot complete Allocation");
        fixture.Turn.LogOf(username).Should().Contain("error 401: Unauthorized").And.NotContain("ALLOCATE processed, success");
    }

    /// <summary>Starts a session through the API and returns the TURN server's username and credential from the answer.</summary>
    private async Task<(string Username, string Credential)> TurnCredentialsAsync(HttpClient client, string bearer)
    {
        using (client)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
            var scenarioId = await ScenarioOfAsync(client);
            using var response = await client.PostJsonAsync("/api/voice/start-session", new { scenarioId, expectedDurationMinutes = 5 });
            var started = await response.ShouldHaveStatus(HttpStatusCode.Created);
            var turn = started.GetProperty("iceServers").EnumerateArray().Single(s => s.GetProperty("urls")[0].GetString()!.StartsWith("turn:", StringComparison.Ordinal));
            turn.GetProperty("urls")[0].GetString().Should().Be($"turn:127.0.0.1:{fixture.Turn.Port}");
            turn.Str("username").Should().EndWith(":" + started.Id("sessionId"));
            return (turn.Str("username"), turn.Str("credential"));
        }
    }

    private static async Task<Guid> ScenarioOfAsync(HttpClient client)
    {
        var scenarios = await client.GetJsonAsync("/api/scenarios?status=published");
        return scenarios.Items()[0].Id();
    }
}
