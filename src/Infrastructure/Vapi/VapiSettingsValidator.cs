using FluentValidation;
using VoiceTraining.Application.Common.Settings;

namespace VoiceTraining.Infrastructure.Vapi;

/// <summary>Checked at start: what goes into each call's assistant configuration and usage record.</summary>
public sealed class VapiSettingsValidator : AbstractValidator<VapiSettings>
{
    public VapiSettingsValidator()
    {
        // The LLM providers Vapi fronts take a temperature from 0 to 2.
        RuleFor(s => s.Temperature).InclusiveBetween(0, 2).WithMessage("VAPI_TEMPERATURE must be between 0 and 2, not {PropertyValue}.");
        RuleFor(s => s.PricePerMinuteUsd).GreaterThanOrEqualTo(0).WithMessage("VOICE_PRICE_PER_MINUTE_USD must not be negative, not {PropertyValue}.");
        RuleFor(s => s.ServerUrl).HttpUrl("VAPI_SERVER_URL");
        RuleFor(s => s.ModelProvider).Required("VAPI_MODEL_PROVIDER");
        RuleFor(s => s.Model).Required("VAPI_MODEL");
    }
}
