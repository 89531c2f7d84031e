using Microsoft.Extensions.Configuration;
using VoiceTraining.Application.Calls;
using VoiceTraining.Infrastructure.Configuration;

namespace VoiceTraining.Infrastructure.Vapi;

/// <summary>
/// Voice settings from the environment: VAPI_API_KEY, VAPI_WEBHOOK_SECRET, NEXT_PUBLIC_VAPI_PUBLIC_KEY
/// (the integration document's names) and VAPI_WEBHOOK_HMAC_SECRET, VAPI_SERVER_URL,
/// VAPI_SERVER_CREDENTIAL_ID, VAPI_MODEL_PROVIDER, VAPI_MODEL, VAPI_TEMPERATURE. The price of voice
/// minutes is not among them: it is in voice_settings (the organization's row, else the global one).
/// </summary>
public sealed class VapiSettings : IVoiceSettings
{
    public string? ApiKey { get; set; }
    public string? WebhookSecret { get; set; }
    public string? WebhookHmacSecret { get; set; }
    public string? PublicKey { get; set; }
    public string ModelProvider { get; set; } = "openai";
    public string Model { get; set; } = "gpt-4";
    public double Temperature { get; set; } = 0.7;
    public string? ServerUrl { get; set; }
    public string? ServerCredentialId { get; set; }
    /// <summary>VOICE_PRICE_PER_MINUTE_USD, retired: set only to refuse the start (a price that would be ignored).</summary>
    public string? RetiredPricePerMinute { get; set; }

    /// <summary>No Vapi keys at all: calls can only be simulated (local mode).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey) || !string.IsNullOrWhiteSpace(WebhookSecret) || !string.IsNullOrWhiteSpace(PublicKey);

    /// <summary>The flat names onto the settings (Vapi has no section): see <see cref="SettingsBinding{T}"/>.</summary>
    public static void ReadEnvironment(VapiSettings settings, IConfiguration c)
    {
        settings.ApiKey = c.First("VAPI_API_KEY");
        settings.WebhookSecret = c.First("VAPI_WEBHOOK_SECRET");
        settings.WebhookHmacSecret = c.First("VAPI_WEBHOOK_HMAC_SECRET");
        settings.PublicKey = c.First("NEXT_PUBLIC_VAPI_PUBLIC_KEY", "VITE_VAPI_PUBLIC_KEY");
        settings.ModelProvider = c.First("VAPI_MODEL_PROVIDER") ?? settings.ModelProvider;
        settings.Model = c.First("VAPI_MODEL") ?? settings.Model;
        settings.Temperature = c.Typed("VAPI_TEMPERATURE", settings.Temperature);
        settings.ServerUrl = c.First("VAPI_SERVER_URL");
        settings.ServerCredentialId = c.First("VAPI_SERVER_CREDENTIAL_ID");
        settings.RetiredPricePerMinute = c.First("VOICE_PRICE_PER_MINUTE_USD");
    }
}
