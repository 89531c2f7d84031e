using System.Net;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Errors;

/// <summary>
/// An endpoint whose stored secret can no longer be decrypted (its data protection key ring was lost
/// or replaced; the seed's placeholder secret is one): found by the OpenAPI fuzzer as a 500. Revealing
/// or testing it is a 409 that says to rotate, and rotating recovers the endpoint.
/// </summary>
public sealed class UnreadableWebhookSecretTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("GET", "secret")]
    [InlineData("POST", "test")]
    public async Task Revealing_or_testing_an_unreadable_secret_is_a_409_that_says_to_rotate(string method, string action)
    {
        var org = fixture.OrgA;

        using var response = await fixture.ClientFor(org.Admin).SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/webhooks/{org.WebhookEndpointId}/{action}"));

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict);
        problem.Str("detail").Should().Contain("rotate");
        problem.ToString().Should().NotContainAny("Cryptographic", "Exception", "key ring");
    }

    [Fact]
    public async Task Rotating_an_unreadable_secret_gives_a_readable_one_and_no_previous()
    {
        var org = await fixture.SeedOrganizationAsync("Unreadable secret");
        var client = fixture.ClientFor(org.Admin);

        using var rotated = await client.PostAsync($"/api/webhooks/{org.WebhookEndpointId}/rotate-secret", null);

        var secret = await rotated.ShouldHaveStatus(HttpStatusCode.OK);
        secret.Str("secret").Should().StartWith("whsec_");
        secret.IsNull("previousSecret").Should().BeTrue();
        (await client.GetJsonAsync($"/api/webhooks/{org.WebhookEndpointId}/secret")).Str("secret").Should().Be(secret.Str("secret"));
    }
}
