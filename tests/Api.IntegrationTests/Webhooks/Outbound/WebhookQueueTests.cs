using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Webhooks;
using VoiceTraining.Infrastructure.Webhooks.Outbound;
using VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

namespace VoiceTraining.Api.IntegrationTests.Webhooks.Outbound;

/// <summary>DNS from a table; several answers for a host are given one per lookup (a rebinding server).</summary>
public sealed class TableResolver : IHostResolver
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<IPAddress[]>> _answers = new(StringComparer.OrdinalIgnoreCase);

    public void Answer(string host, params string[][] answersInOrder) =>
        _answers[host] = new ConcurrentQueue<IPAddress[]>(answersInOrder.Select(a => a.Select(IPAddress.Parse).ToArray()));

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (!_answers.TryGetValue(host, out var queue)) throw new SocketException((int)SocketError.HostNotFound);
        lock (queue)
        {
            if (queue.Count > 1 && queue.TryDequeue(out var next)) return Task.FromResult(next);
            queue.TryPeek(out var last);
            return Task.FromResult(last!);
        }
    }
}

/// <summary>The production network policy (no private targets), DNS from a table, workers off, a manual clock.</summary>
public sealed class WebhookQueueFixture : ApiFixture
{
    private readonly ManualClock _clock = new();

    public TableResolver Resolver { get; } = new();
    public override TimeProvider? Clock => _clock;
    public ManualClock ManualClock => _clock;

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<IHostResolver>();
        services.AddSingleton<IHostResolver>(Resolver);
    }

    internal WebhookDeliveryClaims Claims => Factory.Services.GetRequiredService<WebhookDeliveryClaims>();
    internal WebhookDeliveryJob Job => Factory.Services.GetRequiredService<WebhookDeliveryJob>();
}

/// <summary>The durable queue's guarantees (leases, only the holder writes) and the SSRF guard at registration and at send.</summary>
public sealed class WebhookQueueTests(WebhookQueueFixture fixture) : IClassFixture<WebhookQueueFixture>
{
    private const string PublicAddress = "93.184.216.34";

    private async Task<Guid> CreateEndpointAsync(SeededOrganization org, string url, string eventType = "user.added")
    {
        using var response = await fixture.ClientFor(org.Admin).PostJsonAsync("/api/webhooks", new { name = "CRM", url, events = new[] { eventType } });
        return (await response.ShouldHaveStatus(HttpStatusCode.Created)).GetProperty("endpoint").Id();
    }

    private Task<List<Guid>> PendingDeliveriesAsync(Guid endpointId) => fixture.WithDbAsync(db =>
        db.WebhookDeliveries.IgnoreQueryFilters().Where(d => d.EndpointId == endpointId).Select(d => d.Id).ToListAsync());

    [Fact]
    public async Task A_claimed_delivery_is_not_claimed_again_until_its_lease_runs_out()
    {
        var org = await fixture.SeedOrganizationAsync();
        var host = $"crm-{Guid.NewGuid():N}.example.test";
        fixture.Resolver.Answer(host, [PublicAddress]);
        var endpointId = await CreateEndpointAsync(org, $"https://{host}/hook");
        for (var i = 0; i < 3; i++)
            await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = $"q{i}.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        var ours = await PendingDeliveriesAsync(endpointId);
        ours.Should().HaveCount(3, "each event wrote one delivery for the subscribed endpoint, in its own transaction");

        var first = (await fixture.Claims.ClaimAsync(1000, CancellationToken.None)).Where(c => ours.Contains(c.Id)).ToList();
        first.Should().HaveCount(3);
        // The dispatcher that claimed them "crashes": it never writes a result.
        (await fixture.Claims.ClaimAsync(1000, CancellationToken.None)).Where(c => ours.Contains(c.Id)).Should().BeEmpty("they are leased");

        fixture.ManualClock.Advance(TimeSpan.FromSeconds(59));
        (await fixture.Claims.ClaimAsync(1000, CancellationToken.None)).Where(c => ours.Contains(c.Id)).Should().BeEmpty("the 60 s lease still holds");

        fixture.ManualClock.Advance(TimeSpan.FromSeconds(2));
        var again = (await fixture.Claims.ClaimAsync(1000, CancellationToken.None)).Where(c => ours.Contains(c.Id)).ToList();
        again.Select(c => c.Id).Should().BeEquivalentTo(ours, "an expired lease makes the delivery due again: nothing is lost");
        again.Select(c => c.LeaseToken).Distinct().Single().Should().NotBe(first[0].LeaseToken);

        // The crashed holder comes back late: its result must not overwrite the new holder's claim.
        var stale = first.Select(c => new DeliveryOutcome(c, null, new WebhookDeliveryDecision(WebhookDeliveryStatus.Failed, null, null), "stale", Guid.CreateVersion7())).ToList();
        await fixture.Job.SettleAsync(stale, CancellationToken.None);
        var states = await fixture.WithDbAsync(db => db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking().Where(d => ours.Contains(d.Id)).ToListAsync());
        states.Should().OnlyContain(d => d.Status == WebhookDeliveryStatus.Pending && d.LeaseToken == again[0].LeaseToken);

        var current = again.Select(c => new DeliveryOutcome(c, null, new WebhookDeliveryDecision(WebhookDeliveryStatus.Failed, null, null), "done", Guid.CreateVersion7())).ToList();
        await fixture.Job.SettleAsync(current, CancellationToken.None);
        states = await fixture.WithDbAsync(db => db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking().Where(d => ours.Contains(d.Id)).ToListAsync());
        states.Should().OnlyContain(d => d.Status == WebhookDeliveryStatus.Failed && d.LeaseToken == null && d.LastError == "done");
    }

    public static TheoryData<string, string> RefusedUrls => new()
    {
        { "http://hooks.example.com/in", "https" },
        { "https://user:pass@hooks.example.com/in", "credentials" },
        { "https://127.0.0.1/in", "loopback" },
        { "https://localhost:8443/in", "localhost" },
        { "https://10.0.0.5/in", "private" },
        { "https://192.168.1.20/in", "private" },
        { "https://172.20.0.1/in", "private" },
        { "https://169.254.169.254/latest/meta-data", "metadata" },
        { "https://100.64.0.1/in", "carrier-grade NAT" },
        { "https://[::1]/in", "loopback" },
        { "https://[fd00::1]/in", "fd00::1" },
        { "https://[::ffff:127.0.0.1]/in", "loopback" },
        { "https://2130706433/in", "loopback" },
        { "https://metadata.google.internal/computeMetadata/v1/", "internal" },
        { "https://resolves-private.example.test/in", "private" },
        { "https://resolves-mixed.example.test/in", "private" },
        { "https://does-not-resolve.example.test/in", "resolve" },
        { "ftp://hooks.example.com/in", "https" },
        { "not a url", "url" },
    };

    [Theory]
    [MemberData(nameof(RefusedUrls))]
    public async Task Registration_refuses_urls_that_are_not_public_https(string url, string reasonContains)
    {
        fixture.Resolver.Answer("resolves-private.example.test", ["10.20.30.40"]);
        fixture.Resolver.Answer("resolves-mixed.example.test", [PublicAddress, "192.168.0.7"]);
        var before = await fixture.WithDbAsync(db => db.WebhookEndpoints.IgnoreQueryFilters().CountAsync());
        using var response = await fixture.ClientFor(fixture.OrgB.Admin).PostJsonAsync("/api/webhooks", new { name = "Evil", url, events = new[] { "user.added" } });
        var problem = await response.ShouldBeValidationProblem("url");
        problem.GetProperty("url")[0].GetString().Should().ContainEquivalentOf(reasonContains);
        (await fixture.WithDbAsync(db => db.WebhookEndpoints.IgnoreQueryFilters().CountAsync())).Should().Be(before, "nothing is stored");

        // The same rules hold when an existing endpoint is edited.
        using var update = await fixture.ClientFor(fixture.OrgB.Admin).PutJsonAsync($"/api/webhooks/{fixture.OrgB.WebhookEndpointId}",
            new { name = "Evil", url, events = new[] { "user.added" }, enabled = true });
        await update.ShouldBeValidationProblem("url");
    }

    [Fact]
    public async Task A_host_that_rebinds_to_a_private_address_after_registration_is_refused_at_send()
    {
        var org = await fixture.SeedOrganizationAsync();
        var host = $"rebind-{Guid.NewGuid():N}.example.test";
        fixture.Resolver.Answer(host, [PublicAddress], ["127.0.0.1"]);
        var endpointId = await CreateEndpointAsync(org, $"https://{host}/hook");

        var result = await (await fixture.ClientFor(org.Admin).PostAsync($"/api/webhooks/{endpointId}/test", null)).ShouldHaveStatus(HttpStatusCode.OK);
        result.GetProperty("success").GetBoolean().Should().BeFalse();
        result.Str("error").Should().Contain("loopback").And.Contain(host);
        result.IsNull("statusCode").Should().BeTrue("no request was made");
        result.GetProperty("delivery").Str("status").Should().Be("failed");
    }

    [Fact]
    public async Task Deleting_an_endpoint_removes_its_queue_and_log()
    {
        var org = await fixture.SeedOrganizationAsync();
        var host = $"gone-{Guid.NewGuid():N}.example.test";
        fixture.Resolver.Answer(host, [PublicAddress]);
        var endpointId = await CreateEndpointAsync(org, $"https://{host}/hook");
        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = $"g.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        (await PendingDeliveriesAsync(endpointId)).Should().ContainSingle();

        (await fixture.ClientFor(org.Admin).DeleteAsync($"/api/webhooks/{endpointId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await PendingDeliveriesAsync(endpointId)).Should().BeEmpty();
        (await fixture.ClientFor(org.Admin).GetAsync($"/api/webhooks/{endpointId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Secrets_are_encrypted_at_rest()
    {
        var org = await fixture.SeedOrganizationAsync();
        var host = $"enc-{Guid.NewGuid():N}.example.test";
        fixture.Resolver.Answer(host, [PublicAddress]);
        using var response = await fixture.ClientFor(org.Admin).PostJsonAsync("/api/webhooks", new { name = "CRM", url = $"https://{host}/", events = new[] { "user.added" } });
        var created = await response.ShouldHaveStatus(HttpStatusCode.Created);
        var secret = created.Str("secret");
        secret.Should().MatchRegex("^whsec_[A-Za-z0-9+/]{43}=$", "whsec_ + base64 of 32 random bytes");
        created.GetProperty("endpoint").Str("secretHint").Should().Be(secret[^4..]);

        var stored = await fixture.WithDbAsync(db => db.Database.SqlQuery<string>(
            $"SELECT protected_secret AS \"Value\" FROM webhook_endpoints WHERE id = {created.GetProperty("endpoint").Id()}").SingleAsync());
        stored.Should().NotContain(secret[6..]).And.NotBeNullOrWhiteSpace();
        (await fixture.WithDbAsync(db => db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM data_protection_keys").SingleAsync()))
            .Should().BeGreaterThan(0, "the key ring lives in PostgreSQL");
        (await fixture.ClientFor(org.Admin).GetJsonAsync($"/api/webhooks/{created.GetProperty("endpoint").Id()}")).TryGetProperty("secret", out _)
            .Should().BeFalse("the endpoint itself never shows the secret");
    }
}
