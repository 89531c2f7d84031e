using FluentValidation;

namespace VoiceTraining.Application.Voice.Sessions.Commands.EndVoiceSession;

public sealed class EndVoiceSessionCommandValidator : AbstractValidator<EndVoiceSessionCommand>
{
    public EndVoiceSessionCommandValidator()
    {
        RuleFor(x => x.SessionId).NotEmpty();
    }
}
