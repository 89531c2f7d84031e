using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>
/// One test class's world: its own database (copied from the migrated template), its own identity
/// provider (a JWKS server), the API on Kestrel configured to trust it, and two seeded
/// organizations (A and B) so tenant isolation can be observed. Tests in a class share this; tests
/// that change shared state create what they change (see <see cref="SeedOrganizationAsync"/>).
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new();

    public TestDatabase Database { get; private set; } = null!;
    public JwksServer Jwks { get; private set; } = null!;
    public ApiFactory Factory { get; private set; } = null!;
    public SeededOrganization OrgA { get; private set; } = null!;
    public SeededOrganization OrgB { get; private set; } = null!;

    /// <summary>The host environment the API runs in.</summary>
    protected virtual string EnvironmentName => "Testing";

    /// <summary>Extra or overriding settings (the environment variables the app reads).</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    /// <summary>Replaces or adds services after the app registered its own (e.g. a shorter HTTP timeout).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>The clock the app uses (null: the system clock).</summary>
    public virtual TimeProvider? Clock => null;

    public virtual async Task InitializeAsync()
    {
        var database = TestDatabase.CreateAsync();
        var jwks = JwksServer.StartAsync(Clock);
        Jwks = await jwks;
        Database = await database;
        Factory = CreateFactory(Jwks, Clock);
        Factory.StartServer();
        OrgA = await SeedOrganizationAsync("OrgA");
        OrgB = await SeedOrganizationAsync("OrgB");
    }

    /// <summary>A factory on this fixture's database trusting the given identity provider (<paramref name="services"/> runs after <see cref="ConfigureServices"/>).</summary>
    public ApiFactory CreateFactory(JwksServer jwks, TimeProvider? clock = null, Action<IDictionary<string, string?>>? configure = null, string? environment = null,
        Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = Database.ConnectionString,
            ["CLERK_ISSUER"] = jwks.Issuer,
        };
        Configure(settings);
        configure?.Invoke(settings);
        return new ApiFactory(environment ?? EnvironmentName, settings, clock, services is null ? ConfigureServices : s =>
        {
            ConfigureServices(s);
            services(s);
        });
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
        if (Factory is not null) await Factory.DisposeAsync();
        if (Jwks is not null) await Jwks.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
    }

    /// <summary>A private organization for a test that changes members, roles or other shared state.</summary>
    public async Task<SeededOrganization> SeedOrganizationAsync(string label = "Org")
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await TenantSeed.SeedAsync(db, label, scope.ServiceProvider.GetRequiredService<IWebhookSecrets>());
    }

    /// <summary>Runs code against the app's DbContext, outside any request (so tenant filters match nothing: use IgnoreQueryFilters to read).</summary>
    public async Task<T> WithDbAsync<T>(Func<ApplicationDbContext, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await work(db);
    }

    public Task WithDbAsync(Func<ApplicationDbContext, Task> work) =>
        WithDbAsync(async db =>
        {
            await work(db);
            return true;
        });

    /// <summary>A session token for the member, as Clerk would issue it (org_id = the org's external id, role = their role).</summary>
    public string TokenFor(SeededMember member, Func<TokenSpec, TokenSpec>? customize = null)
    {
        var spec = new TokenSpec { Subject = member.ExternalUserId, OrgId = member.OrgClaim, Role = member.RoleClaim };
        return Jwks.CreateToken(customize is null ? spec : customize(spec));
    }

    /// <summary>
    /// An HTTP client signed in as the member (cached per member for the class). Each request gets a
    /// token minted then, so the client keeps working after a test moves the API's clock.
    /// </summary>
    public HttpClient ClientFor(SeededMember member) =>
        _clients.GetOrAdd("member:" + member.Id, _ =>
        {
            var client = Factory.CreateDefaultClient(new FreshTokenHandler(() => TokenFor(member)));
            // For tests that copy the header onto a client of another factory.
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(member));
            return client;
        });

    /// <summary>A new HTTP client sending this bearer token.</summary>
    public HttpClient ClientWithToken(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>An HTTP client without credentials.</summary>
    public HttpClient Anonymous() => _clients.GetOrAdd("anonymous", _ => Factory.CreateClient());

    /// <summary>The app's recent warnings and errors, for failure messages.</summary>
    public string RecentLogs => string.Join(Environment.NewLine, Factory.Logs.TakeLast(20));

    /// <summary>Puts a newly minted bearer token on every request.</summary>
    private sealed class FreshTokenHandler(Func<string> mint) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", mint());
            return base.SendAsync(request, cancellationToken);
        }
    }
}
