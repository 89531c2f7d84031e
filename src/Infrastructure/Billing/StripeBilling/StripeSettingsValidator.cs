using FluentValidation;
using VoiceTraining.Application.Common.Settings;

namespace VoiceTraining.Infrastructure.Billing.StripeBilling;

/// <summary>Checked at start: the URLs Stripe.net and the Checkout return links are built from.</summary>
public sealed class StripeSettingsValidator : AbstractValidator<StripeSettings>
{
    public StripeSettingsValidator()
    {
        RuleFor(s => s.BaseUrl).HttpUrl("STRIPE_API_BASE_URL");
        RuleFor(s => s.AppUrl).HttpUrl("NEXT_PUBLIC_APP_URL");
    }
}
