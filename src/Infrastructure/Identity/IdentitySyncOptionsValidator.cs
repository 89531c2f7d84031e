using FluentValidation;
using VoiceTraining.Application.Common.Settings;
using VoiceTraining.Application.Identity.Commands.ProcessIdentityEvent;

namespace VoiceTraining.Infrastructure.Identity;

/// <summary>Checked at start: how long waiting identity events and deleted members' recordings are kept.</summary>
public sealed class IdentitySyncOptionsValidator : AbstractValidator<IdentitySyncOptions>
{
    public IdentitySyncOptionsValidator()
    {
        RuleFor(o => o.KeepPendingFor).Positive("IdentitySync:KeepPendingFor");
        // Zero is a choice: a deleted member's recordings go at the next purge.
        RuleFor(o => o.DeletedMemberRecordingRetention).NotNegative("IdentitySync:DeletedMemberRecordingRetention");
    }
}
