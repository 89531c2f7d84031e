using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace VoiceTraining.Infrastructure.Configuration;

public static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="T"/> as options read as <paramref name="binding"/> says and
    /// validated when the host starts (a bad setting stops the start-up with the validator's
    /// messages), and <typeparamref name="T"/> itself as the validated value for consumers that
    /// take the settings class.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedSettings<T>(this IServiceCollection services, IConfiguration configuration, SettingsBinding<T> binding)
        where T : class, new()
    {
        var options = services.AddOptions<T>();
        if (binding.Section is { } section) options.Bind(configuration.GetSection(section));
        // The configuration given here rather than the container's: the one the section is bound from.
        if (binding.Environment is { } environment) options.Configure(settings => environment(settings, configuration));
        services.AddSingleton<IValidateOptions<T>>(new FluentValidationOptions<T>(binding.Validator));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return options.ValidateOnStart();
    }
}
