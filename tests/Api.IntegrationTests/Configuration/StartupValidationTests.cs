using System.Net;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using static VoiceTraining.Api.IntegrationTests.Infrastructure.ExceptionMessages;

namespace VoiceTraining.Api.IntegrationTests.Configuration;

/// <summary>A bad setting stops the API at start, with a message that names the setting; good ones start it.</summary>
public sealed class StartupValidationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Theory]
    // Read while services are registered (they choose what is registered) …
    [InlineData("Email:DailyCap", "0")]
    [InlineData("CLERK_JWKS_URL", "jwks.json")]
    // … and validated when the host starts.
    [InlineData("Webhooks:Lease", "00:00:01")]
    [InlineData("VAPI_SERVER_URL", "api.example.test/api/webhooks/vapi")]
    [InlineData("STRIPE_API_BASE_URL", "stripe.local")]
    [InlineData("RateLimiting:IpBurst", "0")]
    [InlineData("IdentitySync:PollInterval", "00:00:00")]
    [InlineData("Recordings:BatchSize", "0")]
    [InlineData("Billing:PastDueGrace", "-1.00:00:00")]
    public async Task A_bad_setting_stops_the_start_naming_it(string setting, string value)
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, configure: s => s[setting] = value);

        var failure = Record.Exception(factory.StartServer);

        failure.Should().NotBeNull($"{setting}={value} must not start the API");
        var messages = Messages(failure!);
        messages.Should().Contain(m => m.StartsWith(setting + " ", StringComparison.Ordinal), string.Join(Environment.NewLine, messages));
    }

    [Fact]
    public async Task The_settings_the_suites_use_start_the_api()
    {
        // The base fixture's settings plus the ones other suites set, together.
        await using var factory = fixture.CreateFactory(fixture.Jwks, configure: s =>
        {
            s["Webhooks:PollInterval"] = "00:00:00.020";
            s["Webhooks:Timeout"] = "00:00:00.400";
            s["Webhooks:Lease"] = "00:05:00";
            s["Webhooks:MaxConcurrency"] = "8";
            s["Webhooks:MaxConcurrencyPerEndpoint"] = "2";
            s["Email:RetryBaseDelay"] = "00:00:00.050";
            s["Email:DailyCap"] = "3";
            s["RateLimiting:IpBurst"] = "8";
            s["RateLimiting:IpPerSecond"] = "1";
            s["VAPI_TEMPERATURE"] = "0.2";
            s["VAPI_SERVER_URL"] = "https://api.example.test/api/webhooks/vapi";
            s["IdentitySync:DeletedMemberRecordingRetention"] = "30.00:00:00";
        });

        using var response = await factory.CreateClient().GetAsync("/healthz");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
