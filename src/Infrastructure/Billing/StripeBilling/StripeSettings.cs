using Microsoft.Extensions.Configuration;
using VoiceTraining.Infrastructure.Configuration;

namespace VoiceTraining.Infrastructure.Billing.StripeBilling;

/// <summary>
/// Stripe settings from the environment: STRIPE_SECRET_KEY (or STRIPE_API_KEY, the v2.1 document's
/// name), STRIPE_WEBHOOK_SECRET, NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY, NEXT_PUBLIC_APP_URL (where
/// Checkout and the customer portal send the user back) and STRIPE_API_BASE_URL (a local stand-in).
/// The API version is Stripe.net's own (<c>Stripe.StripeConfiguration.ApiVersion</c>, docs/adr/0010).
/// </summary>
public sealed class StripeSettings
{
    public const string DefaultBaseUrl = "https://api.stripe.com";
    /// <summary>`make run` serves the API (and later the web app) here.</summary>
    public const string DefaultAppUrl = "http://localhost:8080";

    public string? SecretKey { get; set; }
    public string? WebhookSecret { get; set; }
    public string? PublishableKey { get; set; }
    public string BaseUrl { get; set; } = DefaultBaseUrl;
    public string AppUrl { get; set; } = DefaultAppUrl;

    /// <summary>A secret key is set: the API can be called. Without it billing runs in local mode.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);

    public bool IsWebhookConfigured => !string.IsNullOrWhiteSpace(WebhookSecret);

    /// <summary>Where Checkout returns after a payment, as in the integration document.</summary>
    public string CheckoutSuccessUrl => $"{AppUrl}/billing?success=true";

    public string CheckoutCancelUrl => $"{AppUrl}/billing?canceled=true";

    public string PortalReturnUrl => $"{AppUrl}/billing";

    /// <summary>The flat names onto the settings (Stripe has no section): see <see cref="SettingsBinding{T}"/>.</summary>
    public static void ReadEnvironment(StripeSettings settings, IConfiguration c)
    {
        settings.SecretKey = c.First("STRIPE_SECRET_KEY", "STRIPE_API_KEY");
        settings.WebhookSecret = c.First("STRIPE_WEBHOOK_SECRET");
        settings.PublishableKey = c.First("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY");
        settings.BaseUrl = (c.First("STRIPE_API_BASE_URL") ?? DefaultBaseUrl).TrimEnd('/');
        settings.AppUrl = (c.First("NEXT_PUBLIC_APP_URL") ?? DefaultAppUrl).TrimEnd('/');
    }
}
