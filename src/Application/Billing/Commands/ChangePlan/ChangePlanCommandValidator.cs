using FluentValidation;

namespace VoiceTraining.Application.Billing.Commands.ChangePlan;

public sealed class ChangePlanCommandValidator : AbstractValidator<ChangePlanCommand>
{
    public ChangePlanCommandValidator() => RuleFor(x => x.PriceId).NotEmpty().MaximumLength(200);
}
