using System.Net.Mail;
using FluentValidation;
using VoiceTraining.Application.Common.Settings;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>Checked at start: the chosen provider has its keys, the sender is an address, the sender's limits and intervals make sense.</summary>
public sealed class EmailSettingsValidator : AbstractValidator<EmailSettings>
{
    public EmailSettingsValidator()
    {
        When(s => s.Provider == EmailProvider.Resend, () =>
        {
            RuleFor(s => s.ResendApiKey).Required("RESEND_API_KEY").WithMessage("Email:Provider is resend but RESEND_API_KEY is not set.");
            RuleFor(s => s.From).Required("EMAIL_FROM")
                .WithMessage("Set EMAIL_FROM to a sender address on a domain verified in Resend, e.g. notifications@example.com.");
        });
        When(s => s.Provider == EmailProvider.Mailgun, () =>
        {
            RuleFor(s => s.MailgunApiKey).Required("MAILGUN_API_KEY").WithMessage("Email:Provider is mailgun but MAILGUN_API_KEY is not set.");
            RuleFor(s => s.MailgunDomain).Required("MAILGUN_DOMAIN").WithMessage("Email:Provider is mailgun but MAILGUN_DOMAIN is not set.");
        });
        RuleFor(s => s.From).Must(from => from.Length == 0 || MailAddress.TryCreate(from, out _))
            .WithMessage("EMAIL_FROM must be an address or Name <address>, not '{PropertyValue}'.");
        RuleFor(s => s.ResendBaseUrl).HttpUrl("RESEND_API_BASE_URL");
        RuleFor(s => s.MailgunBaseUrl).HttpUrl("MAILGUN_API_BASE_URL");

        RuleFor(s => s.DailyCap).AtLeast(1, "Email:DailyCap");
        RuleFor(s => s.RequestsPerSecond).AtLeast(1, "Email:RequestsPerSecond");
        RuleFor(s => s.PollInterval).Positive("Email:PollInterval");
        RuleFor(s => s.Lease).Positive("Email:Lease");
        RuleFor(s => s.BatchSize).AtLeast(1, "Email:BatchSize");
        RuleFor(s => s.MaxRetries).AtLeast(0, "Email:MaxRetries");
        RuleFor(s => s.RetryBaseDelay).NotNegative("Email:RetryBaseDelay");
        RuleFor(s => s.MaxRetryAfter).NotNegative("Email:MaxRetryAfter");
        RuleFor(s => s.AttemptTimeout).Positive("Email:AttemptTimeout");
        RuleFor(s => s.DigestScanInterval).Positive("Email:DigestScanInterval");
        RuleFor(s => s.DigestHourUtc).InclusiveBetween(0, 23).WithMessage("Email:DigestHourUtc must be an hour from 0 to 23, not {PropertyValue}.");
    }
}
