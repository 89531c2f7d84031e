using FluentValidation;

namespace VoiceTraining.Application.Voice.Sessions;

/// <summary>The values a voice_settings row may hold, shared by the organization's and the global update.</summary>
public interface IVoiceSettingsValues
{
    decimal PricePerMinute { get; }
    decimal CircuitBreakerThreshold { get; }
    int MaxSessionMinutes { get; }
}

public static class VoiceSettingsRules
{
    /// <summary>numeric(12,4) columns: more decimals would be rounded away by the database unasked.</summary>
    private const int Precision = 12;
    private const int Scale = 4;

    public static void AddVoiceSettingsRules<T>(this AbstractValidator<T> validator) where T : IVoiceSettingsValues
    {
        validator.RuleFor(x => x.PricePerMinute).GreaterThanOrEqualTo(0).LessThanOrEqualTo(1000)
            .PrecisionScale(Precision, Scale, ignoreTrailingZeros: true);
        validator.RuleFor(x => x.CircuitBreakerThreshold).GreaterThan(0).LessThanOrEqualTo(100_000)
            .PrecisionScale(Precision, Scale, ignoreTrailingZeros: true);
        // The domain's bound (VoiceSettings.Update).
        validator.RuleFor(x => x.MaxSessionMinutes).InclusiveBetween(1, 240);
    }
}
