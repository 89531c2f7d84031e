using FluentValidation;

namespace VoiceTraining.Application.Billing.Commands.StartVoiceAddOnCheckout;

public sealed class StartVoiceAddOnCheckoutCommandValidator : AbstractValidator<StartVoiceAddOnCheckoutCommand>
{
    public StartVoiceAddOnCheckoutCommandValidator()
    {
        RuleFor(x => x.PriceId).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Quantity).InclusiveBetween(1, 100);
        RuleFor(x => x.UserId).NotEqual(Guid.Empty).When(x => x.UserId is not null);
    }
}
