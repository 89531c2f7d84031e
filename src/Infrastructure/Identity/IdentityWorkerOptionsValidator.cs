using FluentValidation;
using VoiceTraining.Application.Common.Settings;

namespace VoiceTraining.Infrastructure.Identity;

/// <summary>Checked at start: the identity worker's intervals (section "IdentitySync", like <see cref="IdentitySyncOptionsValidator"/>'s).</summary>
public sealed class IdentityWorkerOptionsValidator : AbstractValidator<IdentityWorkerOptions>
{
    public IdentityWorkerOptionsValidator()
    {
        RuleFor(o => o.PollInterval).Positive("IdentitySync:PollInterval");
        RuleFor(o => o.PurgeInterval).Positive("IdentitySync:PurgeInterval");
    }
}
