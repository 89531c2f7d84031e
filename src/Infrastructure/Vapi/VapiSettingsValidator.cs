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
        // The price moved to voice_settings; a value left in the environment would be ignored, so it stops the start instead.
        RuleFor(s => s.RetiredPricePerMinute).Null()
            .WithMessage("VOICE_PRICE_PER_MINUTE_USD is no longer read: the price per minute is in voice_settings (PUT /api/voice/settings/global for the default, PUT /api/voice/settings per organization). Unset it.");
        RuleFor(s => s.ServerUrl).HttpUrl("VAPI_SERVER_URL");
        RuleFor(s => s.ModelProvider).Required("VAPI_MODEL_PROVIDER");
        RuleFor(s => s.Model).Required("VAPI_MODEL");
    }
}
