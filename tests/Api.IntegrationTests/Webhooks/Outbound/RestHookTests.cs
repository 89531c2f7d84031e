using System.Net;
using System.Net.Http.Headers;
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

        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = $"z.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        var received = (await fixture.Receiver.WaitForAsync(url)).Single();
        received.EventType.Should().Be("user.added");

        (await zapier.DeleteAsync($"/api/hooks/{hook.Id()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await zapier.DeleteAsync($"/api/hooks/{hook.Id()}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = $"z2.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        await Task.Delay(500);
        fixture.Receiver.ReceivedAt(url).Should().HaveCount(1, "nothing is sent after unsubscribing");
        (await zapier.DeleteAsync($"/api/hooks/{org.WebhookEndpointId}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "settings endpoints are not REST hooks");
    }

    [Fact]
    public async Task A_410_Gone_switches_the_subscription_off()
    {
        var org = await fixture.SeedOrganizationAsync();
        using var zapier = KeyClient(org);
        var url = fixture.Receiver.Hook(410);
        var hook = await (await zapier.PostJsonAsync("/api/hooks", new { target_url = url, @event = "user.added" })).ShouldHaveStatus(HttpStatusCode.Created);

        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = $"g.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        await fixture.Receiver.WaitForAsync(url);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        System.Text.Json.JsonElement endpoint;
        do
        {
            await Task.Delay(50);
            endpoint = await fixture.ClientFor(org.Admin).GetJsonAsync($"/api/webhooks/{hook.Id()}");
        } while (endpoint.GetProperty("enabled").GetBoolean() && DateTime.UtcNow < deadline);
        endpoint.GetProperty("enabled").GetBoolean().Should().BeFalse();
        endpoint.Str("disabledReason").Should().Contain("410");

        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = $"g2.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        await Task.Delay(500);
        fixture.Receiver.ReceivedAt(url).Should().HaveCount(1, "a disabled endpoint gets nothing new");
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
