using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Errors;

/// <summary>
/// An endpoint whose stored secret can no longer be decrypted (its data protection key ring was lost
/// or replaced): found by the OpenAPI fuzzer as a 500. Revealing it is a 409 that says to rotate, a
/// test send reports the same advice, and rotating recovers the endpoint.
/// </summary>
public sealed class UnreadableWebhookSecretTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    /// <summary>A private organization whose endpoint's stored secret no key can decrypt.</summary>
    private async Task<SeededOrganization> WithUnreadableSecretAsync()
    {
        var org = await fixture.SeedOrganizationAsync("Unreadable secret");
        await fixture.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE webhook_endpoints SET protected_secret = 'CfDJ8NotDecryptableAnyMore' WHERE id = {org.WebhookEndpointId}"));
        return org;
    }

    [Fact]
    public async Task Revealing_an_unreadable_secret_is_a_409_that_says_to_rotate()
    {
        var org = await WithUnreadableSecretAsync();

        using var response = await fixture.ClientFor(org.Admin).GetAsync($"/api/webhooks/{org.WebhookEndpointId}/secret");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict);
        problem.Str("detail").Should().Contain("Rotate the secret");
        problem.ToString().Should().NotContainAny("Cryptographic", "Exception", "key ring");
    }

    [Fact]
    public async Task A_test_send_with_an_unreadable_secret_sends_nothing_and_says_to_rotate()
    {
        var org = await WithUnreadableSecretAsync();

        using var response = await fixture.ClientFor(org.Admin).PostAsync($"/api/webhooks/{org.WebhookEndpointId}/test", null);

        var result = await response.ShouldHaveStatus(HttpStatusCode.OK);
        result.GetProperty("success").GetBoolean().Should().BeFalse();
        result.Str("error").Should().Contain("rotate the secret");
        result.IsNull("statusCode").Should().BeTrue("no request was made");
    }

    [Fact]
    public async Task Rotating_an_unreadable_secret_gives_a_readable_one_and_no_previous()
    {
        var org = await WithUnreadableSecretAsync();
        var client = fixture.ClientFor(org.Admin);

        using var rotated = await client.PostAsync($"/api/webhooks/{org.WebhookEndpointId}/rotate-secret", null);

        var secret = await rotated.ShouldHaveStatus(HttpStatusCode.OK);
        secret.Str("secret").Should().StartWith("whsec_");
        secret.IsNull("previousSecret").Should().BeTrue();
        (await client.GetJsonAsync($"/api/webhooks/{org.WebhookEndpointId}/secret")).Str("secret").Should().Be(secret.Str("secret"));
    }
}
