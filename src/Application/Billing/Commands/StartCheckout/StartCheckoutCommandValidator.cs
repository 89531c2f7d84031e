using FluentValidation;

namespace VoiceTraining.Application.Billing.Commands.StartCheckout;

public sealed class StartCheckoutCommandValidator : AbstractValidator<StartCheckoutCommand>
{
    public StartCheckoutCommandValidator() => RuleFor(x => x.PriceId).NotEmpty().MaximumLength(200);
}
