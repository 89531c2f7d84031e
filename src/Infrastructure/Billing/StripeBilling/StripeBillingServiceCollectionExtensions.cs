using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stripe;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.ProviderWebhooks;
using VoiceTraining.Application.Billing.Commands.ProcessBillingEvent;
using VoiceTraining.Infrastructure.Billing.Local;
using VoiceTraining.Infrastructure.Configuration;

namespace VoiceTraining.Infrastructure.Billing.StripeBilling;

public static class StripeBillingServiceCollectionExtensions
{
    /// <summary>The named HttpClient Stripe.net sends through (its resilience handler is <see cref="StripeRetry"/>).</summary>
    public const string HttpClientName = "stripe";

    /// <summary>
    /// Registers billing: <see cref="StripeSettings"/>, the <see cref="PlanCatalogue"/> (loaded and checked
    /// now, so a bad catalogue stops the start-up), the <see cref="StripeWebhookVerifier"/> with its <see cref="StripeInboundWebhook"/>, and Stripe.net's
    /// <see cref="IStripeClient"/> on a typed HttpClient whose resilience handler (<see cref="StripeRetry"/>)
    /// is the only retry: the SDK's own network retries are off. Uses the registered <see cref="TimeProvider"/> if any.
    /// With <paramref name="local"/> enabled the add-ons get local price ids (<see cref="LocalPayments"/>).
    /// </summary>
    public static IServiceCollection AddStripeBilling(this IServiceCollection services, IConfiguration configuration, StripeRetryOptions? retry = null,
        LocalPayments? local = null)
    {
        services.AddValidatedSettings(configuration, InfrastructureSettings.Stripe);
        var catalogue = PlanCatalogueLoader.Load(configuration);
        services.AddSingleton(local is { Enabled: true } ? LocalPayments.WithLocalAddOnPrices(catalogue) : catalogue);
        services.AddSingleton(sp => new StripeWebhookVerifier(sp.GetRequiredService<StripeSettings>().WebhookSecret, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IInboundWebhook<ProcessBillingEventCommand, BillingEventOutcome>, StripeInboundWebhook>();

        var options = retry ?? new StripeRetryOptions();
        services.AddHttpClient<IStripeClient, StripeClient>(HttpClientName, (HttpClient http, IServiceProvider sp) => new StripeClient(
                sp.GetRequiredService<StripeSettings>().SecretKey,
                httpClient: new SystemNetHttpClient(http, maxNetworkRetries: 0, enableTelemetry: false),
                apiBase: sp.GetRequiredService<StripeSettings>().BaseUrl))
            .ConfigureHttpClient(client => client.Timeout = options.TotalTimeout)
            .AddResilienceHandler(StripeRetry.PipelineName, builder => builder.AddStripeRetry(options));
        return services;
    }
}
