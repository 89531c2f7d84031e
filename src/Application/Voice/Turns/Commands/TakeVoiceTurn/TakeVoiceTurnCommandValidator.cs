using FluentValidation;

namespace VoiceTraining.Application.Voice.Turns.Commands.TakeVoiceTurn;

public sealed class TakeVoiceTurnCommandValidator : AbstractValidator<TakeVoiceTurnCommand>
{
    public TakeVoiceTurnCommandValidator(VoiceTurnOptions options)
    {
        RuleFor(x => x.SessionId).NotEmpty();
        RuleFor(x => x.Text)
            .Must((command, text) => command.Audio is null != string.IsNullOrWhiteSpace(text))
            .WithName("text")
            .WithMessage("Send the trainee's turn as an audio file (field audio) or as text (field text), one of the two.");
        RuleFor(x => x.Text).MaximumLength(options.MaxTextLength).WithName("text");
        RuleFor(x => x.Audio)
            .Must(audio => TurnAudioReader.Read(audio!) is not null)
            .When(x => x.Audio is not null)
            .WithName("audio")
            .WithMessage("The audio must be 16 kHz mono 16-bit PCM: a WAV file, or raw little-endian samples sent as audio/pcm.");
    }
}
