using System.Globalization;
using Microsoft.Extensions.Configuration;
using VoiceTraining.Infrastructure.Configuration;

namespace VoiceTraining.Infrastructure.Email;

public enum EmailProvider
{
    /// <summary>No provider: emails are recorded as sent and readable in the local mailbox.</summary>
    Local,
    Resend,
    Mailgun,
}

/// <summary>
/// Email settings. The provider is Resend when RESEND_API_KEY is set, else Mailgun when
/// MAILGUN_API_KEY and MAILGUN_DOMAIN are, else local mode; Email__Provider (resend, mailgun,
/// local) forces one. Outside Development local mode must be chosen that way
/// (<see cref="EmailProviderRequiredValidator"/>). EMAIL_FROM is the sender; RESEND_API_BASE_URL and MAILGUN_API_BASE_URL
/// point the clients elsewhere (Mailgun's EU region, local stand-ins). The rest is in section "Email",
/// bound by name (init is enough for the binder); what <see cref="ReadEnvironment"/> sets is settable.
/// </summary>
public sealed class EmailSettings
{
    public const string ResendDefaultBaseUrl = "https://api.resend.com";
    public const string MailgunDefaultBaseUrl = "https://api.mailgun.net";
    public const string ProductName = "Voice AI Training";

    /// <summary>Not bound from Email:Provider, which is a choice that may be blank (then the keys choose): <see cref="ReadEnvironment"/> resolves it.</summary>
    [ConfigurationKeyName("ResolvedProvider")]
    public EmailProvider Provider { get; set; }
    /// <summary>The From header, "Name &lt;address&gt;".</summary>
    public string From { get; set; } = "";
    public string? ResendApiKey { get; set; }
    public string ResendBaseUrl { get; set; } = ResendDefaultBaseUrl;
    public string? MailgunApiKey { get; set; }
    public string? MailgunDomain { get; set; }
    public string MailgunBaseUrl { get; set; } = MailgunDefaultBaseUrl;

    /// <summary>The domain of attempt reply addresses (Email__ReplyDomain, else MAILGUN_DOMAIN); none: no reply address.</summary>
    public string? ReplyDomain { get; set; }
    /// <summary>The HMAC key of reply addresses (Email__ReplyTokenSecret); none: derived from the Data Protection key ring.</summary>
    public string? ReplyTokenSecret { get; set; }

    /// <summary>Emails sent per UTC day at most (Resend's free tier: 100); the rest are held for the next day.</summary>
    public int DailyCap { get; init; } = 100;
    /// <summary>Requests per second to the provider from this instance (Resend's default limit: 2).</summary>
    public int RequestsPerSecond { get; init; } = 2;
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>A claimed email whose sender died is claimed again after this long.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(10);
    public int BatchSize { get; init; } = 10;
    /// <summary>Quick retries inside one send (network errors, 408, 429, 5xx), before the outbox schedules a later attempt.</summary>
    public int MaxRetries { get; init; } = 3;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>A Retry-After longer than this is not waited for in the send: the outbox retries later instead.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan DigestScanInterval { get; init; } = TimeSpan.FromMinutes(10);
    public int DigestHourUtc { get; init; } = 8;

    public bool IsLocal => Provider == EmailProvider.Local;

    /// <summary>Local mode because Email:Provider says local, not because no keys are set.</summary>
    [ConfigurationKeyName("ResolvedLocalModeChosen")]
    public bool LocalModeChosen { get; set; }

    /// <summary>
    /// The flat names onto the bound section, and the provider they choose: see <see cref="SettingsBinding{T}"/>.
    /// Rules (a forced provider's keys, EMAIL_FROM with Resend, limits) are <see cref="EmailSettingsValidator"/>'s.
    /// </summary>
    public static void ReadEnvironment(EmailSettings settings, IConfiguration c)
    {
        settings.ResendApiKey = c.First("RESEND_API_KEY");
        settings.MailgunApiKey = c.First("MAILGUN_API_KEY");
        settings.MailgunDomain = c.First("MAILGUN_DOMAIN");
        settings.Provider = c.First("Email:Provider")?.ToLowerInvariant() switch
        {
            null => settings.ResendApiKey is not null ? EmailProvider.Resend
                : settings.MailgunApiKey is not null && settings.MailgunDomain is not null ? EmailProvider.Mailgun
                : EmailProvider.Local,
            "resend" => EmailProvider.Resend,
            "mailgun" => EmailProvider.Mailgun,
            "local" => EmailProvider.Local,
            // A value that names no provider cannot be read at all, like a number that does not parse.
            var other => throw new InvalidOperationException($"Email:Provider must be resend, mailgun or local, not '{other}'."),
        };
        settings.LocalModeChosen = settings.Provider == EmailProvider.Local && c.First("Email:Provider") is not null;
        var from = c.First("EMAIL_FROM") ?? settings.Provider switch
        {
            EmailProvider.Mailgun => $"notifications@{settings.MailgunDomain}",
            EmailProvider.Local => "notifications@localhost",
            _ => null,
        };
        settings.From = from is null ? "" : from.Contains('<', StringComparison.Ordinal) ? from : $"{ProductName} <{from}>";
        settings.ResendBaseUrl = (c.First("RESEND_API_BASE_URL") ?? ResendDefaultBaseUrl).TrimEnd('/');
        settings.MailgunBaseUrl = (c.First("MAILGUN_API_BASE_URL") ?? MailgunDefaultBaseUrl).TrimEnd('/');
        settings.ReplyDomain = c.First("Email:ReplyDomain") ?? settings.MailgunDomain;
        settings.ReplyTokenSecret = c.First("Email:ReplyTokenSecret");
    }

    /// <summary>For the start-up log: which provider, and from where.</summary>
    public string Describe() => Provider switch
    {
        EmailProvider.Resend => string.Create(CultureInfo.InvariantCulture, $"Resend ({ResendBaseUrl}), from {From}, at most {DailyCap} per UTC day"),
        EmailProvider.Mailgun => string.Create(CultureInfo.InvariantCulture, $"Mailgun ({MailgunBaseUrl}, domain {MailgunDomain}), from {From}, at most {DailyCap} per UTC day"),
        _ => "local mode",
    };
}
