using FluentValidation;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>
/// Checked at start outside Development: email has a provider, or local mode was chosen with
/// Email:Provider=local. Without this, a deployment that lost its keys would record every email
/// as sent and send none, without a word.
/// </summary>
public sealed class EmailProviderRequiredValidator : AbstractValidator<EmailSettings>
{
    public const string Message =
        "RESEND_API_KEY (with EMAIL_FROM) or MAILGUN_API_KEY and MAILGUN_DOMAIN must be set outside Development: no email provider is configured. "
        + "To record emails without sending them, set Email__Provider=local.";

    public EmailProviderRequiredValidator()
    {
        RuleFor(s => s.Provider).Must((settings, provider) => provider != EmailProvider.Local || settings.LocalModeChosen).WithMessage(Message);
    }
}
