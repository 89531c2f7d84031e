using System.Globalization;
using Microsoft.Extensions.Configuration;

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
/// local) forces one. EMAIL_FROM is the sender; RESEND_API_BASE_URL and MAILGUN_API_BASE_URL
/// point the clients elsewhere (Mailgun's EU region, local stand-ins). The rest is in section "Email".
/// </summary>
public sealed class EmailSettings
{
    public const string ResendDefaultBaseUrl = "https://api.resend.com";
    public const string MailgunDefaultBaseUrl = "https://api.mailgun.net";
    public const string ProductName = "Voice AI Training";

    public EmailProvider Provider { get; init; }
    /// <summary>The From header, "Name &lt;address&gt;".</summary>
    public string From { get; init; } = "";
    public string? ResendApiKey { get; init; }
    public string ResendBaseUrl { get; init; } = ResendDefaultBaseUrl;
    public string? MailgunApiKey { get; init; }
    public string? MailgunDomain { get; init; }
    public string MailgunBaseUrl { get; init; } = MailgunDefaultBaseUrl;

    /// <summary>The domain of attempt reply addresses (Email__ReplyDomain, else MAILGUN_DOMAIN); none: no reply address.</summary>
    public string? ReplyDomain { get; init; }
    /// <summary>The HMAC key of reply addresses (Email__ReplyTokenSecret); none: derived from the Data Protection key ring.</summary>
    public string? ReplyTokenSecret { get; init; }

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

    public static EmailSettings FromConfiguration(IConfiguration c)
    {
        string? Value(string key) => string.IsNullOrWhiteSpace(c[key]) ? null : c[key]!.Trim();
        var section = c.GetSection("Email");
        T Get<T>(string key, T fallback) => section.GetValue(key, fallback)!;

        var resendKey = Value("RESEND_API_KEY");
        var mailgunKey = Value("MAILGUN_API_KEY");
        var mailgunDomain = Value("MAILGUN_DOMAIN");
        var forced = Value("Email:Provider")?.ToLowerInvariant();
        var provider = forced switch
        {
            null or "" => resendKey is not null ? EmailProvider.Resend
                : mailgunKey is not null && mailgunDomain is not null ? EmailProvider.Mailgun
                : EmailProvider.Local,
            "resend" => EmailProvider.Resend,
            "mailgun" => EmailProvider.Mailgun,
            "local" => EmailProvider.Local,
            _ => throw new InvalidOperationException($"Email__Provider must be resend, mailgun or local, not '{forced}'."),
        };
        if (provider == EmailProvider.Resend && resendKey is null)
            throw new InvalidOperationException("Email__Provider is resend but RESEND_API_KEY is not set.");
        if (provider == EmailProvider.Mailgun && (mailgunKey is null || mailgunDomain is null))
            throw new InvalidOperationException("Email__Provider is mailgun but MAILGUN_API_KEY or MAILGUN_DOMAIN is not set.");

        var from = Value("EMAIL_FROM") ?? provider switch
        {
            EmailProvider.Mailgun => $"notifications@{mailgunDomain}",
            EmailProvider.Local => "notifications@localhost",
            _ => throw new InvalidOperationException("Set EMAIL_FROM to a sender address on a domain verified in Resend, e.g. notifications@example.com."),
        };
        var cap = Get("DailyCap", 100);
        if (cap < 1) throw new InvalidOperationException("Email__DailyCap must be at least 1.");

        return new EmailSettings
        {
            Provider = provider,
            From = from.Contains('<', StringComparison.Ordinal) ? from : $"{ProductName} <{from}>",
            ResendApiKey = resendKey,
            ResendBaseUrl = (Value("RESEND_API_BASE_URL") ?? ResendDefaultBaseUrl).TrimEnd('/'),
            MailgunApiKey = mailgunKey,
            MailgunDomain = mailgunDomain,
            MailgunBaseUrl = (Value("MAILGUN_API_BASE_URL") ?? MailgunDefaultBaseUrl).TrimEnd('/'),
            ReplyDomain = Value("Email:ReplyDomain") ?? mailgunDomain,
            ReplyTokenSecret = Value("Email:ReplyTokenSecret"),
            DailyCap = cap,
            RequestsPerSecond = Math.Max(1, Get("RequestsPerSecond", 2)),
            PollInterval = Get("PollInterval", TimeSpan.FromSeconds(5)),
            Lease = Get("Lease", TimeSpan.FromMinutes(10)),
            BatchSize = Math.Max(1, Get("BatchSize", 10)),
            MaxRetries = Math.Max(0, Get("MaxRetries", 3)),
            RetryBaseDelay = Get("RetryBaseDelay", TimeSpan.FromSeconds(1)),
            MaxRetryAfter = Get("MaxRetryAfter", TimeSpan.FromSeconds(30)),
            AttemptTimeout = Get("AttemptTimeout", TimeSpan.FromSeconds(20)),
            DigestScanInterval = Get("DigestScanInterval", TimeSpan.FromMinutes(10)),
            DigestHourUtc = Math.Clamp(Get("DigestHourUtc", 8), 0, 23),
        };
    }

    /// <summary>For the start-up log: which provider, and from where.</summary>
    public string Describe() => Provider switch
    {
        EmailProvider.Resend => string.Create(CultureInfo.InvariantCulture, $"Resend ({ResendBaseUrl}), from {From}, at most {DailyCap} per UTC day"),
        EmailProvider.Mailgun => string.Create(CultureInfo.InvariantCulture, $"Mailgun ({MailgunBaseUrl}, domain {MailgunDomain}), from {From}, at most {DailyCap} per UTC day"),
        _ => "local mode",
    };
}
