using FluentValidation;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Application.Attempts.Comments.Commands.AddAttemptComment;

public sealed class AddAttemptCommentCommandValidator : AbstractValidator<AddAttemptCommentCommand>
{
    public AddAttemptCommentCommandValidator() => RuleFor(x => x.Body).NotEmpty().MaximumLength(AttemptComment.MaxBodyLength)
        .Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("The comment needs some text.");
}
