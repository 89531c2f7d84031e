using System.Net;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Infrastructure.Email;
using static VoiceTraining.Api.IntegrationTests.Infrastructure.ExceptionMessages;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>
/// Outside Development email needs a provider: without keys the API does not start unless
/// Email__Provider=local chooses local mode, which the log and /readyz then report. Development
/// keeps local mode as its default.
/// </summary>
public sealed class EmailProviderRequiredTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly string LocalModeReadiness = $"Degraded\nemail: {EmailModeHealthCheck.LocalModeDescription}";

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_without_a_provider_the_api_refuses_to_start_naming_the_settings(string environment)
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, environment: environment, configure: s => s["Email:Provider"] = "");

        var failure = Record.Exception(factory.StartServer);

        failure.Should().NotBeNull("emails would be marked sent and sent to nobody");
        var messages = Messages(failure!);
        messages.Should().Contain(EmailProviderRequiredValidator.Message, string.Join(Environment.NewLine, messages));
        EmailProviderRequiredValidator.Message.Should().ContainAll("RESEND_API_KEY", "EMAIL_FROM", "MAILGUN_API_KEY", "MAILGUN_DOMAIN", "Email__Provider=local");
    }

    [Fact]
    public async Task Outside_development_a_mailgun_key_without_its_domain_is_no_provider()
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, environment: "Production", configure: s =>
        {
            s["Email:Provider"] = "";
            s["MAILGUN_API_KEY"] = FakeEmailProvider.MailgunKey;
        });

        var failure = Record.Exception(factory.StartServer);

        failure.Should().NotBeNull();
        Messages(failure!).Should().Contain(EmailProviderRequiredValidator.Message);
    }

    [Fact]
    public async Task In_production_local_mode_chosen_explicitly_starts_warns_and_readyz_says_so()
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, environment: "Production", configure: s => s["Email:Provider"] = "local");
        using var client = factory.CreateClient();

        using var ready = await client.GetAsync("/readyz");

        await ready.ShouldHaveStatus(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Be(LocalModeReadiness);
        factory.Logs.Should().Contain(l => l.StartsWith("Warning", StringComparison.Ordinal)
            && l.Contains("Email: local mode (Email:Provider=local)", StringComparison.Ordinal) && l.Contains("NOT sent", StringComparison.Ordinal));
        using var mailbox = await client.GetAsync("/api/dev/mailbox");
        await mailbox.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task In_production_with_a_provider_readyz_is_healthy()
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, environment: "Production", configure: s =>
        {
            s["Email:Provider"] = "";
            s["RESEND_API_KEY"] = FakeEmailProvider.ResendKey;
            s["EMAIL_FROM"] = "notifications@example.test";
        });
        using var client = factory.CreateClient();

        using var ready = await client.GetAsync("/readyz");

        await ready.ShouldHaveStatus(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Healthy");
        factory.Logs.Should().NotContain(l => l.Contains("Email: local mode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_development_without_a_provider_email_runs_in_local_mode_as_before()
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, environment: "Development", configure: s => s["Email:Provider"] = "");
        using var client = factory.CreateClient();

        using var ready = await client.GetAsync("/readyz");
        using var mailbox = await client.GetAsync("/api/dev/mailbox");

        await ready.ShouldHaveStatus(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Healthy", "local mode is Development's default, nothing to report");
        await mailbox.ShouldHaveStatus(HttpStatusCode.OK);
        factory.Logs.Should().Contain(l => l.Contains("Email: local mode.", StringComparison.Ordinal) && l.Contains("/api/dev/mailbox", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_suites_record_emails_by_choosing_local_mode_which_readyz_reports()
    {
        using var ready = await fixture.Anonymous().GetAsync("/readyz");

        await ready.ShouldHaveStatus(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Be(LocalModeReadiness);
    }
}
