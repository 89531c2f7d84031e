using FluentValidation;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Application.Voice.Sessions.Commands.StartVoiceSession;

public sealed class StartVoiceSessionCommandValidator : AbstractValidator<StartVoiceSessionCommand>
{
    public StartVoiceSessionCommandValidator(ICurrentUser user, VoiceSettingsLookup voiceSettings)
    {
        RuleFor(x => x.ScenarioId).NotEmpty();
        RuleFor(x => x.ExpectedDurationMinutes)
            .GreaterThanOrEqualTo(1).WithMessage("A session is expected to last at least 1 minute.")
            .CustomAsync(async (minutes, context, ct) =>
            {
                if (user.OrgId is not { } orgId) return;
                var longest = (await voiceSettings.ForOrganizationAsync(orgId, ct)).MaxSessionMinutes;
                if (minutes > longest)
                    context.AddFailure($"Sessions of this organization last at most {longest} minutes (max_session_minutes); expect {longest} or fewer.");
            });
    }
}
