using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Webhooks.Outbound;

/// <summary>Zapier-style REST hooks: subscribe with an API key, receive like any endpoint, 410 unsubscribes, samples.</summary>
public sealed class RestHookTests(WebhookDeliveryFixture fixture) : IClassFixture<WebhookDeliveryFixture>
{
    private HttpClient KeyClient(SeededOrganization org)
    {
        var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", org.ApiKey);
        return client;
    }

    /// <summary>
    /// Where the user.added event of the member with this email was queued: the URLs of the endpoints
    /// that got a delivery row. Deliveries are written with the change that raises the event, so once
    /// the member is added this is everything that will ever be sent for it.
    /// </summary>
    private Task<List<string>> QueuedUrlsForMemberAsync(SeededOrganization org, string email) =>
        fixture.WithDbAsync(async db =>
        {
            var message = await db.WebhookMessages.IgnoreQueryFilters()
                .SingleAsync(m => m.OrgId == org.Id && m.EventType == "user.added" && m.Payload.Contains(email));
            return await db.WebhookDeliveries.IgnoreQueryFilters().Where(d => d.MessageId == message.Id)
                .Select(d => d.Endpoint!.Url).ToListAsync();
        });

    [Fact]
    public async Task Subscribe_receive_and_unsubscribe()
    {
        var org = await fixture.SeedOrganizationAsync();
        using var zapier = KeyClient(org);
        var url = fixture.Receiver.Hook();
        var hook = await (await zapier.PostJsonAsync("/api/hooks", new { target_url = url, @event = "user.added" })).ShouldHaveStatus(HttpStatusCode.Created);
        hook.Str("target_url").Should().Be(url);
        hook.Str("event").Should().Be("user.added");
        var endpoint = await fixture.ClientFor(org.Admin).GetJsonAsync($"/api/webhooks/{hook.Id()}");
        endpoint.Str("source").Should().Be("rest_hook");

        var first = $"z.{Guid.NewGuid():N}@example.test";
        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = first })).ShouldHaveStatus(HttpStatusCode.Created);
        var received = (await fixture.Receiver.WaitForAsync(url)).Single();
        received.EventType.Should().Be("user.added");
        (await QueuedUrlsForMemberAsync(org, first)).Should().Contain(url, "a subscribed hook gets its delivery row with the event");

        (await zapier.DeleteAsync($"/api/hooks/{hook.Id()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await zapier.DeleteAsync($"/api/hooks/{hook.Id()}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var second = $"z2.{Guid.NewGuid():N}@example.test";
        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = second })).ShouldHaveStatus(HttpStatusCode.Created);
        (await QueuedUrlsForMemberAsync(org, second)).Should().NotContain(url, "nothing is queued for a hook after unsubscribing");
        fixture.Receiver.ReceivedAt(url).Should().HaveCount(1);
        (await zapier.DeleteAsync($"/api/hooks/{org.WebhookEndpointId}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "settings endpoints are not REST hooks");
    }

    [Fact]
    public async Task A_410_Gone_switches_the_subscription_off()
    {
        var org = await fixture.SeedOrganizationAsync();
        using var zapier = KeyClient(org);
        var url = fixture.Receiver.Hook(410);
        var hook = await (await zapier.PostJsonAsync("/api/hooks", new { target_url = url, @event = "user.added" })).ShouldHaveStatus(HttpStatusCode.Created);

        var first = $"g.{Guid.NewGuid():N}@example.test";
        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = first })).ShouldHaveStatus(HttpStatusCode.Created);
        await fixture.Receiver.WaitForAsync(url);
        (await QueuedUrlsForMemberAsync(org, first)).Should().Contain(url, "while enabled, the hook gets its delivery row with the event");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        System.Text.Json.JsonElement endpoint;
        do
        {
            await Task.Delay(50);
            endpoint = await fixture.ClientFor(org.Admin).GetJsonAsync($"/api/webhooks/{hook.Id()}");
        } while (endpoint.GetProperty("enabled").GetBoolean() && DateTime.UtcNow < deadline);
        endpoint.GetProperty("enabled").GetBoolean().Should().BeFalse();
        endpoint.Str("disabledReason").Should().Contain("410");

        var second = $"g2.{Guid.NewGuid():N}@example.test";
        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = second })).ShouldHaveStatus(HttpStatusCode.Created);
        (await QueuedUrlsForMemberAsync(org, second)).Should().NotContain(url, "a disabled endpoint gets nothing new");
        fixture.Receiver.ReceivedAt(url).Should().HaveCount(1);
    }

    [Fact]
    public async Task Samples_are_recent_real_payloads_or_an_example()
    {
        var org = await fixture.SeedOrganizationAsync();
        using var zapier = KeyClient(org);
        var example = (await zapier.GetJsonAsync("/api/hooks/samples/user.promoted")).EnumerateArray().Single();
        example.Str("event").Should().Be("user.promoted");
        example.GetProperty("org").Id().Should().Be(org.Id);

        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = $"s.{Guid.NewGuid():N}@example.test", name = "Sample Person" })).ShouldHaveStatus(HttpStatusCode.Created);
        var samples = (await zapier.GetJsonAsync("/api/hooks/samples/user.added")).EnumerateArray().ToList();
        samples.Should().NotBeEmpty();
        samples[0].GetProperty("user").Str("name").Should().Be("Sample Person", "the newest real payload comes first");
        samples.Should().OnlyContain(s => s.GetProperty("org").Id() == org.Id);
        (await zapier.GetAsync("/api/hooks/samples/not.an.event")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await (await zapier.PostJsonAsync("/api/hooks", new { target_url = "https://hooks.zapier.com/x", @event = "nope" })).ShouldBeValidationProblem("event");
    }
}
