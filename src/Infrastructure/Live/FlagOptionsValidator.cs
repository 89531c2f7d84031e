using FluentValidation;
using Microsoft.Extensions.Configuration;
using VoiceTraining.Application.Flags;
using VoiceTraining.Infrastructure.Configuration;

namespace VoiceTraining.Infrastructure.Live;

/// <summary>Checked at start: the alert address is an email address.</summary>
public sealed class FlagOptionsValidator : AbstractValidator<FlagOptions>
{
    public FlagOptionsValidator()
    {
        RuleFor(o => o.AdminAlertEmail).EmailAddress().When(o => !string.IsNullOrEmpty(o.AdminAlertEmail))
            .WithMessage("ADMIN_ALERT_EMAIL must be an email address, not {PropertyValue}.");
    }

    public static void ReadEnvironment(FlagOptions options, IConfiguration configuration)
    {
        options.AdminAlertEmail = configuration.First("ADMIN_ALERT_EMAIL");
        options.PlatformOperatorUserIds = (configuration.First("PLATFORM_OPERATOR_USER_IDS") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
