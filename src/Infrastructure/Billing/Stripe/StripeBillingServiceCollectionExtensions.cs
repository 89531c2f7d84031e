using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Infrastructure.Resilience;

namespace VoiceTraining.Infrastructure.Billing.Stripe;

public static class StripeBillingServiceCollectionExtensions
{
    /// <summary>
    /// Registers billing: <see cref="StripeSettings"/>, the <see cref="PlanCatalogue"/> (loaded and checked
    /// now, so a bad catalogue stops the start-up), the <see cref="StripeSignatureVerifier"/> and the typed
    /// <see cref="StripeClient"/> with its retry pipeline. Uses the registered <see cref="TimeProvider"/> if any.
    /// </summary>
    public static IServiceCollection AddStripeBilling(this IServiceCollection services, IConfiguration configuration, StripeRetryOptions? retry = null)
    {
        var settings = StripeSettings.FromConfiguration(configuration);
        services.AddSingleton(settings);
        services.AddSingleton(PlanCatalogueLoader.Load(configuration));
        services.AddSingleton(sp => new StripeSignatureVerifier(settings.WebhookSecret, sp.GetService<TimeProvider>() ?? TimeProvider.System));

        var options = retry ?? new StripeRetryOptions();
        services.AddHttpClient<StripeClient>(client =>
            {
                client.BaseAddress = new Uri(settings.BaseUrl + "/");
                // The retry pipeline times each try; this only bounds the whole call, retries and waits included.
                client.Timeout = options.AttemptTimeout * (options.MaxRetries + 1) + options.MaxDelay * options.MaxRetries + TimeSpan.FromSeconds(5);
            })
            .AddHttpMessageHandler(sp => new ResilienceHandler(StripeResilience.Pipeline(options, sp.GetService<TimeProvider>())));
        return services;
    }
}
