using System.Net;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Configuration;

public sealed class ConfigEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_client_configuration_is_public_and_says_clerk_is_used()
    {
        using var response = await fixture.Anonymous().GetAsync("/api/config");

        var config = await response.ShouldHaveStatus(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        config.GetProperty("localMode").GetBoolean().Should().BeFalse();
        config.IsNull("clerkPublishableKey").Should().BeTrue();
        config.GetProperty("voiceLocalMode").GetBoolean().Should().BeFalse();
        config.IsNull("vapiPublicKey").Should().BeTrue();
        config.GetProperty("emailLocalMode").GetBoolean().Should().BeFalse("the mailbox is served in Development only");
        config.GetProperty("voiceProvidersLocalMode").GetBoolean().Should().BeFalse("the voice pipeline is off in this suite, not on stand-ins");
        config.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("localMode", "clerkPublishableKey", "voiceLocalMode", "vapiPublicKey", "emailLocalMode", "voiceProvidersLocalMode");
    }

    [Fact]
    public async Task The_publishable_keys_are_passed_through_but_never_secrets()
    {
        var key = "pk_test_" + Convert.ToBase64String("clerk.example.test$"u8.ToArray()).TrimEnd('=');
        await using var factory = fixture.CreateFactory(fixture.Jwks, configure: s =>
        {
            s["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"] = key;
            s["NEXT_PUBLIC_VAPI_PUBLIC_KEY"] = "vapi-public-123";
            s["VAPI_API_KEY"] = "vapi-private-secret-456";
        });
        using var client = factory.CreateClient();

        var config = await client.GetJsonAsync("/api/config");

        config.Str("clerkPublishableKey").Should().Be(key);
        config.Str("vapiPublicKey").Should().Be("vapi-public-123");
        config.ToString().Should().NotContainAny("vapi-private-secret-456", ApiFactory.WebhookSecret);
        config.GetProperty("localMode").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_token_is_not_needed_but_an_invalid_one_is_not_fatal_either()
    {
        using var client = fixture.ClientWithToken("not-a-jwt");

        var config = await client.GetJsonAsync("/api/config");

        config.GetProperty("localMode").GetBoolean().Should().BeFalse();
    }
}
