using FluentValidation;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Application.Billing.Commands.StartCheckout;

public sealed class StartCheckoutCommandValidator : AbstractValidator<StartCheckoutCommand>
{
    public StartCheckoutCommandValidator(IPublicUrls urls)
    {
        RuleFor(x => x.PriceId).NotEmpty().MaximumLength(200);
        RuleFor(x => x.UserId).NotEqual(Guid.Empty).When(x => x.UserId is not null);
        RuleFor(x => x.SuccessUrl).OnOwnOrigin(urls);
        RuleFor(x => x.CancelUrl).OnOwnOrigin(urls);
    }
}
