using FluentValidation;
using Microsoft.Extensions.Configuration;
using VoiceTraining.Infrastructure.Security;

namespace VoiceTraining.Infrastructure.Configuration;

/// <summary>
/// The secrets inbound provider webhooks are verified with, by the contract's names. Unset means
/// that provider's webhooks are answered "not configured"; set but malformed refuses to start, so a
/// pasted-wrong secret is found at deploy time rather than by every delivery failing.
/// </summary>
public sealed class InboundWebhookSettings
{
    /// <summary>CLERK_WEBHOOK_SECRET: Svix's "whsec_" + base64 signing secret of the Clerk endpoint.</summary>
    public string? ClerkWebhookSecret { get; set; }

    /// <summary>MAILGUN_WEBHOOK_SIGNING_KEY: the HTTP webhook signing key of the Mailgun account.</summary>
    public string? MailgunWebhookSigningKey { get; set; }

    public static void ReadEnvironment(InboundWebhookSettings settings, IConfiguration c)
    {
        settings.ClerkWebhookSecret = c.First("CLERK_WEBHOOK_SECRET")?.Trim();
        settings.MailgunWebhookSigningKey = c.First("MAILGUN_WEBHOOK_SIGNING_KEY")?.Trim();
    }
}

public sealed class InboundWebhookSettingsValidator : AbstractValidator<InboundWebhookSettings>
{
    public InboundWebhookSettingsValidator()
    {
        RuleFor(s => s.ClerkWebhookSecret)
            .Must(BeAStandardWebhooksSecret!)
            .When(s => !string.IsNullOrEmpty(s.ClerkWebhookSecret))
            .WithMessage("CLERK_WEBHOOK_SECRET must be the endpoint's signing secret as Clerk shows it: \"whsec_\" followed by base64 (at least 16 bytes).");
        RuleFor(s => s.MailgunWebhookSigningKey)
            .MinimumLength(16)
            .When(s => !string.IsNullOrEmpty(s.MailgunWebhookSigningKey))
            .WithMessage("MAILGUN_WEBHOOK_SIGNING_KEY must be the account's HTTP webhook signing key (Mailgun > Webhooks), at least 16 characters.");
    }

    private static bool BeAStandardWebhooksSecret(string secret)
    {
        var encoded = secret.StartsWith(StandardWebhooks.SecretPrefix, StringComparison.Ordinal) ? secret[StandardWebhooks.SecretPrefix.Length..] : secret;
        var bytes = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, bytes, out var length) && length >= 16;
    }
}
