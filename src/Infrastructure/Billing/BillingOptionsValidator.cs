using FluentValidation;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Common.Settings;

namespace VoiceTraining.Infrastructure.Billing;

/// <summary>Checked at start: the past-due grace period (zero: read-only as soon as a payment fails).</summary>
public sealed class BillingOptionsValidator : AbstractValidator<BillingOptions>
{
    public BillingOptionsValidator()
    {
        RuleFor(o => o.PastDueGrace).NotNegative("Billing:PastDueGrace");
    }
}
