using FluentValidation;
using VoiceTraining.Domain.Common;

namespace VoiceTraining.Application.Billing.Commands.CreatePaymentOrder;

public sealed class CreatePaymentOrderCommandValidator : AbstractValidator<CreatePaymentOrderCommand>
{
    public CreatePaymentOrderCommandValidator()
    {
        RuleFor(x => x.Description).NotEmpty().MaximumLength(Limits.Description);
        RuleFor(x => x.AmountCents).InclusiveBetween(50, 100_000_000);
        RuleFor(x => x.Currency).Matches("^[a-z]{3}$").WithMessage("Use a lowercase ISO currency code, e.g. usd.");
    }
}
