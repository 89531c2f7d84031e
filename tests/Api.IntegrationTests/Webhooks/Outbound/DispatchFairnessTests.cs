using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Webhooks;
using VoiceTraining.Infrastructure.Webhooks.Outbound;
using static VoiceTraining.Api.IntegrationTests.Infrastructure.Eventually;

namespace VoiceTraining.Api.IntegrationTests.Webhooks.Outbound;

/// <summary>
/// The per-endpoint cap and the claim's turns: a backlog or a hanging receiver at one endpoint takes
/// at most its share of the dispatcher and does not hold up other endpoints' deliveries.
/// </summary>
public sealed class DispatchFairnessTests(DispatchFairnessTests.Fixture fixture) : IClassFixture<DispatchFairnessTests.Fixture>
{
    /// <summary>This fixture's own instance has workers off: the claim is called directly, or another instance dispatches.</summary>
    public sealed class Fixture : ApiFixture
    {
        public WebhookReceiver Receiver { get; private set; } = null!;

        protected override void Configure(IDictionary<string, string?> settings) => settings["Webhooks:AllowPrivateNetworks"] = "true";

        public override async Task InitializeAsync()
        {
            Receiver = await WebhookReceiver.StartAsync();
            await base.InitializeAsync();
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Receiver.DisposeAsync();
        }

        internal WebhookDeliveryClaims Claims => Factory.Services.GetRequiredService<WebhookDeliveryClaims>();
        internal int PerEndpointCap => Factory.Services.GetRequiredService<WebhookOptions>().MaxConcurrencyPerEndpoint;
    }

    private static async Task<Guid> CreateEndpointAsync(HttpClient admin, string name, string url)
    {
        using var created = await admin.PostJsonAsync("/api/webhooks", new { name, url, events = new[] { "user.added" } });
        return (await created.ShouldHaveStatus(HttpStatusCode.Created)).GetProperty("endpoint").Id();
    }

    /// <summary>Queues <paramref name="count"/> user.added deliveries for the endpoint, due at the given times (one transaction).</summary>
    private Task<List<Guid>> QueueAsync(SeededOrganization org, Guid endpointId, int count, Func<int, DateTimeOffset> dueAt) =>
        fixture.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var ids = new List<Guid>();
            for (var i = 0; i < count; i++)
            {
                var message = new WebhookMessage(Guid.CreateVersion7(), org.Id, WebhookEventTypes.UserAdded, $"{{\"event\":\"user.added\",\"n\":{i}}}", now);
                var delivery = new WebhookDelivery(message, endpointId, now, firstAttemptAt: dueAt(i));
                db.WebhookMessages.Add(message);
                db.WebhookDeliveries.Add(delivery);
                ids.Add(delivery.Id);
            }
            await db.SaveChangesAsync();
            return ids;
        });

    private async Task DeleteEndpointsAsync(SeededOrganization org, params Guid[] endpointIds)
    {
        foreach (var id in endpointIds)
            (await fixture.ClientFor(org.Admin).DeleteAsync($"/api/webhooks/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_claim_takes_every_endpoint_in_turn_and_no_endpoint_beyond_its_cap()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        var backlog = await CreateEndpointAsync(admin, "Backlog", fixture.Receiver.Hook());
        var other = await CreateEndpointAsync(admin, "Other", fixture.Receiver.Hook());
        try
        {
            var cap = fixture.PerEndpointCap;
            // A backlog of 300 at one endpoint, all due before the other endpoint's one delivery. They are
            // due a day ago, so they come before anything else in this class's queue.
            var dayAgo = DateTimeOffset.UtcNow.AddDays(-1);
            var backlogIds = await QueueAsync(org, backlog, 300, i => dayAgo.AddMilliseconds(i));
            var otherIds = await QueueAsync(org, other, 1, _ => dayAgo.AddMinutes(1));

            // Two rows: the first of each endpoint's turn 1, not the backlog's two oldest.
            var two = await fixture.Claims.ClaimAsync(2, new Dictionary<Guid, int>(), CancellationToken.None);
            two.Select(c => c.Id).Should().BeEquivalentTo(new[] { backlogIds[0], otherIds[0] });

            // A large batch: the backlog gives no more than its cap, its oldest.
            var many = (await fixture.Claims.ClaimAsync(1000, new Dictionary<Guid, int>(), CancellationToken.None))
                .Where(c => c.EndpointId == backlog).Select(c => c.Id).ToList();
            many.Should().BeEquivalentTo(backlogIds.Skip(1).Take(cap));

            // Attempts in flight count against the cap: an endpoint at its cap is not claimed at all, one
            // with 3 slots free gives 3.
            (await fixture.Claims.ClaimAsync(1000, new Dictionary<Guid, int> { [backlog] = cap }, CancellationToken.None))
                .Where(c => c.EndpointId == backlog).Should().BeEmpty("the endpoint has no free slot; its deliveries stay unclaimed");
            (await fixture.Claims.ClaimAsync(1000, new Dictionary<Guid, int> { [backlog] = cap - 3 }, CancellationToken.None))
                .Where(c => c.EndpointId == backlog).Select(c => c.Id).Should().BeEquivalentTo(backlogIds.Skip(1 + cap).Take(3));

            // What was not claimed was not touched: no attempt counted, no lease.
            var untouched = backlogIds.Skip(1 + cap + 3).ToList();
            var rows = await fixture.WithDbAsync(db => db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking().Where(d => untouched.Contains(d.Id)).ToListAsync());
            rows.Should().HaveCount(300 - 1 - cap - 3).And.OnlyContain(d => d.Status == WebhookDeliveryStatus.Pending && d.LeaseToken == null && d.AttemptCount == 0);
        }
        finally
        {
            await DeleteEndpointsAsync(org, backlog, other);
        }
    }

    [Fact]
    public async Task The_claim_counts_what_it_hands_out_and_asks_for_a_refill_once_half_an_endpoints_slots_are_free()
    {
        var org = await fixture.SeedOrganizationAsync();
        var endpoint = await CreateEndpointAsync(fixture.ClientFor(org.Admin), "Counted", fixture.Receiver.Hook());
        // What this test holds in flight, released at the end so the fixture's count stays true.
        var held = new List<ClaimedDelivery>();
        try
        {
            var cap = fixture.PerEndpointCap;
            var dayAgo = DateTimeOffset.UtcNow.AddDays(-1);
            var ids = await QueueAsync(org, endpoint, cap * 2, i => dayAgo.AddMilliseconds(i));
            List<ClaimedDelivery> ClaimedHere(IEnumerable<ClaimedDelivery> claimed) => claimed.Where(c => c.EndpointId == endpoint).ToList();

            // The worker's claim fills the endpoint's slots and counts them in flight.
            var first = ClaimedHere(await fixture.Claims.ClaimAsync(1000, CancellationToken.None));
            held.AddRange(first);
            first.Select(c => c.Id).Should().BeEquivalentTo(ids.Take(cap));
            fixture.Claims.InFlightByEndpoint().Should().Contain(endpoint, cap);
            ClaimedHere(await fixture.Claims.ClaimAsync(1000, CancellationToken.None)).Should().BeEmpty("the endpoint's slots are all counted in flight");

            // A test send is claimed whatever the cap, and takes no slot.
            var testSend = await fixture.Claims.ClaimByIdAsync(ids[^1], CancellationToken.None);
            testSend.Should().NotBeNull();
            fixture.Claims.InFlightByEndpoint().Should().Contain(endpoint, cap);

            // Attempts ending one by one ask for a claim only once half the endpoint's slots are free.
            var asks = first.Select(fixture.Claims.Released).ToList();
            held.Clear();
            asks.Should().Equal(Enumerable.Range(1, cap).Select(ended => cap - ended <= cap / 2));
            fixture.Claims.InFlightByEndpoint().Should().NotContainKey(endpoint, "every attempt was released");

            var refill = ClaimedHere(await fixture.Claims.ClaimAsync(1000, CancellationToken.None));
            held.AddRange(refill);
            refill.Select(c => c.Id).Should().BeEquivalentTo(ids.Skip(cap).Take(cap - 1), "the freed slots are claimed again (the test send is leased)");
        }
        finally
        {
            foreach (var delivery in held) fixture.Claims.Released(delivery);
            await DeleteEndpointsAsync(org, endpoint);
        }
    }

    [Fact]
    public async Task A_hanging_endpoint_holds_no_more_than_its_cap_and_other_endpoints_are_delivered_meanwhile()
    {
        const int Cap = 3;
        const int Backlog = 40;
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        // The hanging receiver answers nobody until the test lets it.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hangingUrl = fixture.Receiver.HookWith(async (_, context) =>
        {
            try { await release.Task.WaitAsync(context.RequestAborted); }
            catch (OperationCanceledException) { return; }
            context.Response.StatusCode = 200;
        });
        var otherUrl = fixture.Receiver.Hook();
        var hanging = await CreateEndpointAsync(admin, "Hanging", hangingUrl);
        var other = await CreateEndpointAsync(admin, "Other", otherUrl);

        // The backlog is due first; the other endpoint's delivery after it.
        var now = DateTimeOffset.UtcNow;
        var hangingIds = await QueueAsync(org, hanging, Backlog, i => now.AddMilliseconds(-1000 + i));
        await QueueAsync(org, other, 1, _ => now);

        // An instance with 8 slots in all: without a cap per endpoint the hanging endpoint would hold all of them.
        // Attempts do not time out while the test holds them (the lease stays longer than the timeout).
        await using var api = fixture.CreateFactory(fixture.Jwks, configure: s =>
        {
            s["Workers:Enabled"] = "true";
            s["Webhooks:MaxConcurrency"] = "8";
            s["Webhooks:MaxConcurrencyPerEndpoint"] = $"{Cap}";
            s["Webhooks:PollInterval"] = "00:00:00.050";
            s["Webhooks:Timeout"] = "00:02:00";
            s["Webhooks:Lease"] = "00:05:00";
        });
        api.StartServer();
        try
        {
            // The other endpoint's delivery arrives while the hanging endpoint holds its slots.
            await fixture.Receiver.WaitForAsync(otherUrl, 1, timeout: TimeSpan.FromSeconds(60));
            await EventuallyAsync(() => fixture.Receiver.InProgressAt(hangingUrl) == Cap, "the hanging endpoint fills its slots", TimeSpan.FromSeconds(60));

            // A delivery queued now, with the hanging endpoint at its cap, goes out too (found by the poll).
            await QueueAsync(org, other, 1, _ => DateTimeOffset.UtcNow);
            await fixture.Receiver.WaitForAsync(otherUrl, 2, timeout: TimeSpan.FromSeconds(60));

            fixture.Receiver.ReceivedAt(hangingUrl).Should().HaveCount(Cap, "nothing of the hanging endpoint beyond its cap was sent while it hung");
            release.TrySetResult();

            // Once it answers, the backlog drains, never more than the cap at once, each delivery once.
            var received = await fixture.Receiver.WaitForAsync(hangingUrl, Backlog, timeout: TimeSpan.FromSeconds(90));
            await EventuallyAsync(async () => await fixture.WithDbAsync(db => db.WebhookDeliveries.IgnoreQueryFilters()
                .CountAsync(d => d.EndpointId == hanging && d.Status == WebhookDeliveryStatus.Succeeded)) == Backlog, "every delivery is recorded", TimeSpan.FromSeconds(60));
            received = fixture.Receiver.ReceivedAt(hangingUrl);
            received.Select(r => r.Id).Should().OnlyHaveUniqueItems().And.HaveCount(Backlog);
            fixture.Receiver.MaxInProgressAt(hangingUrl).Should().Be(Cap);
            var attempts = await fixture.WithDbAsync(db => db.WebhookDeliveryAttempts.IgnoreQueryFilters().Where(a => a.EndpointId == hanging).ToListAsync());
            attempts.Should().HaveCount(Backlog).And.OnlyContain(a => a.Succeeded, "held deliveries were never claimed, so none spent an attempt");
            attempts.Select(a => a.DeliveryId).Should().BeEquivalentTo(hangingIds);
        }
        finally
        {
            release.TrySetResult();
        }
    }
}
