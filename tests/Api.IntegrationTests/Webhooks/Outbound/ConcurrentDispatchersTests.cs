using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Api.IntegrationTests.Webhooks.Outbound;

/// <summary>Two API instances (each with its own dispatcher) draining one database's queue side by side.</summary>
public sealed class ConcurrentDispatchersTests(ConcurrentDispatchersTests.Fixture fixture) : IClassFixture<ConcurrentDispatchersTests.Fixture>
{
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
    }

    [Fact]
    public async Task Two_dispatchers_never_send_the_same_delivery_twice()
    {
        const int Events = 400;
        var org = await fixture.SeedOrganizationAsync();
        var url = fixture.Receiver.Hook();
        using var created = await fixture.ClientFor(org.Admin).PostJsonAsync("/api/webhooks", new { name = "CRM", url, events = new[] { "user.added" } });
        var endpointId = (await created.ShouldHaveStatus(HttpStatusCode.Created)).GetProperty("endpoint").Id();

        // Queue the deliveries while no dispatcher runs (this fixture's own instance has workers off).
        await fixture.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < Events; i++)
            {
                var message = new WebhookMessage(Guid.CreateVersion7(), org.Id, WebhookEventTypes.UserAdded, $"{{\"event\":\"user.added\",\"n\":{i}}}", now);
                db.WebhookMessages.Add(message);
                db.WebhookDeliveries.Add(new WebhookDelivery(message, endpointId, now));
            }
            return await db.SaveChangesAsync();
        });

        // Two more instances on the same database, dispatchers running, small batches so they interleave.
        void Workers(IDictionary<string, string?> s)
        {
            s["Workers:Enabled"] = "true";
            s["Webhooks:BatchSize"] = "10";
            s["Webhooks:PollInterval"] = "00:00:00.020";
        }
        await using var first = fixture.CreateFactory(fixture.Jwks, configure: Workers);
        await using var second = fixture.CreateFactory(fixture.Jwks, configure: Workers);
        first.StartServer();
        second.StartServer();

        await fixture.Receiver.WaitForAsync(url, Events, timeout: TimeSpan.FromSeconds(60));
        // Stop both instances (a dispatcher finishes what it has in flight, then nothing more can be
        // sent): what the receiver holds now is all it will ever get.
        await first.DisposeAsync();
        await second.DisposeAsync();
        var received = fixture.Receiver.ReceivedAt(url);
        received.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty("no delivery is sent twice");
        received.Select(r => r.Id).Distinct().Should().HaveCount(Events);

        var attempts = await fixture.WithDbAsync(db => db.WebhookDeliveryAttempts.IgnoreQueryFilters().Where(a => a.EndpointId == endpointId)
            .GroupBy(a => a.DeliveryId).Select(g => g.Count()).ToListAsync());
        attempts.Should().HaveCount(Events).And.OnlyContain(c => c == 1, "one attempt each");
        (await fixture.WithDbAsync(db => db.WebhookDeliveries.IgnoreQueryFilters().CountAsync(d => d.EndpointId == endpointId && d.Status == WebhookDeliveryStatus.Succeeded)))
            .Should().Be(Events);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_is_a_failed_attempt_that_is_retried()
    {
        var org = await fixture.SeedOrganizationAsync();
        var url = fixture.Receiver.HookWith(async (_, context) =>
        {
            try { await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted); }
            catch (OperationCanceledException) { }
        });
        await using var api = fixture.CreateFactory(fixture.Jwks, configure: s =>
        {
            s["Workers:Enabled"] = "true";
            s["Webhooks:Timeout"] = "00:00:00.400";
        });
        api.StartServer();
        using var admin = api.CreateClient();
        admin.DefaultRequestHeaders.Authorization = fixture.ClientFor(org.Admin).DefaultRequestHeaders.Authorization;
        using var created = await admin.PostJsonAsync("/api/webhooks", new { name = "Slow", url, events = new[] { "user.added" } });
        var endpointId = (await created.ShouldHaveStatus(HttpStatusCode.Created)).GetProperty("endpoint").Id();
        await (await admin.PostJsonAsync("/api/members", new { email = $"t.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        WebhookDelivery? delivery;
        do
        {
            await Task.Delay(50);
            delivery = await fixture.WithDbAsync(db => db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(d => d.EndpointId == endpointId && d.AttemptCount > 0));
        } while (delivery is null && DateTime.UtcNow < deadline);
        delivery.Should().NotBeNull();
        delivery!.Status.Should().Be(WebhookDeliveryStatus.Pending, "a timeout is retried");
        delivery.LastError.Should().Contain("No response within");
        delivery.LastStatusCode.Should().BeNull();
        delivery.NextAttemptAt.Should().BeAfter(DateTimeOffset.UtcNow.AddSeconds(40), "the next try follows the schedule (1 min)");
        var attempt = await fixture.WithDbAsync(db => db.WebhookDeliveryAttempts.IgnoreQueryFilters().SingleAsync(a => a.DeliveryId == delivery.Id));
        attempt.DurationMs.Should().BeInRange(300, 3000);
    }
}
