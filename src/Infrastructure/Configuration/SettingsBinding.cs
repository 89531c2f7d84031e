using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace VoiceTraining.Infrastructure.Configuration;

/// <summary>
/// How a settings class is read and what it must satisfy: its section, bound by property name
/// (Email:DailyCap), then the contract's flat environment variable names (RESEND_API_KEY) mapped
/// onto it, then its validator. The options registration
/// (<see cref="SettingsServiceCollectionExtensions.AddValidatedSettings{T}"/>) and <see cref="Read"/>
/// run the same steps, so a decision taken while services are registered sees the values the
/// options will hold.
/// </summary>
public sealed class SettingsBinding<T>(string? section, IValidator<T> validator, Action<T, IConfiguration>? environment = null)
    where T : class, new()
{
    public string? Section { get; } = section;

    public IValidator<T> Validator { get; } = validator;

    /// <summary>Maps the flat names onto the bound instance (and derives what follows from them).</summary>
    public Action<T, IConfiguration>? Environment { get; } = environment;

    /// <summary>
    /// The validated values now, for what must be decided while services are registered (a provider
    /// or local mode). Bad settings throw the <see cref="OptionsValidationException"/> the start-up would.
    /// </summary>
    public T Read(IConfiguration configuration)
    {
        var settings = new T();
        if (Section is not null) configuration.GetSection(Section).Bind(settings);
        Environment?.Invoke(settings, configuration);
        var result = new FluentValidationOptions<T>(Validator).Validate(Options.DefaultName, settings);
        if (result.Failed) throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures);
        return settings;
    }
}
