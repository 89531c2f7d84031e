using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>Email through Resend, played by <see cref="FakeEmailProvider"/>; quick retries wait 50 ms so tests stay fast.</summary>
public sealed class ResendFixture : EmailFixture
{
    public const string From = "notifications@voiceaitraining.test";

    public FakeEmailProvider Provider { get; private set; } = null!;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Email:Provider"] = "";
        settings["RESEND_API_KEY"] = FakeEmailProvider.ResendKey;
        settings["RESEND_API_BASE_URL"] = Provider.BaseUrl;
        settings["EMAIL_FROM"] = From;
        // Mailgun is configured too: Resend wins when both are.
        settings["MAILGUN_API_KEY"] = FakeEmailProvider.MailgunKey;
        settings["MAILGUN_DOMAIN"] = FakeEmailProvider.MailgunDomain;
        settings["MAILGUN_API_BASE_URL"] = Provider.BaseUrl;
        settings["Email:RetryBaseDelay"] = "00:00:00.050";
        settings["Email:MaxRetries"] = "3";
    }

    public override async Task InitializeAsync()
    {
        Provider = await FakeEmailProvider.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>Email through Mailgun (no Resend key), played by <see cref="FakeEmailProvider"/>; reply addresses on the Mailgun domain.</summary>
public sealed class MailgunFixture : EmailFixture
{
    public FakeEmailProvider Provider { get; private set; } = null!;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Email:ReplyDomain"] = "";
        settings["Email:Provider"] = "";
        settings["MAILGUN_API_KEY"] = FakeEmailProvider.MailgunKey;
        settings["MAILGUN_DOMAIN"] = FakeEmailProvider.MailgunDomain;
        settings["MAILGUN_API_BASE_URL"] = Provider.BaseUrl;
        settings["Email:RetryBaseDelay"] = "00:00:00.050";
        settings["Email:MaxRetries"] = "2";
    }

    public override async Task InitializeAsync()
    {
        Provider = await FakeEmailProvider.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
