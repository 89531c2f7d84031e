using System.Globalization;
using Microsoft.Extensions.Configuration;
using VoiceTraining.Application.Calls;

namespace VoiceTraining.Infrastructure.Vapi;

/// <summary>
/// Voice settings from the environment: VAPI_API_KEY, VAPI_WEBHOOK_SECRET, NEXT_PUBLIC_VAPI_PUBLIC_KEY
/// (the integration document's names) and VAPI_WEBHOOK_HMAC_SECRET, VAPI_SERVER_URL,
/// VAPI_SERVER_CREDENTIAL_ID, VAPI_MODEL_PROVIDER, VAPI_MODEL, VAPI_TEMPERATURE, VOICE_PRICE_PER_MINUTE_USD.
/// </summary>
public sealed class VapiSettings : IVoiceSettings
{
    public string? ApiKey { get; init; }
    public string? WebhookSecret { get; init; }
    public string? WebhookHmacSecret { get; init; }
    public string? PublicKey { get; init; }
    public string ModelProvider { get; init; } = "openai";
    public string Model { get; init; } = "gpt-4";
    public double Temperature { get; init; } = 0.7;
    public string? ServerUrl { get; init; }
    public string? ServerCredentialId { get; init; }
    public decimal PricePerMinuteUsd { get; init; } = 0.10m;

    /// <summary>No Vapi keys at all: calls can only be simulated (local mode).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey) || !string.IsNullOrWhiteSpace(WebhookSecret) || !string.IsNullOrWhiteSpace(PublicKey);

    public static VapiSettings FromConfiguration(IConfiguration c)
    {
        static string? Value(IConfiguration c, string key) => string.IsNullOrWhiteSpace(c[key]) ? null : c[key]!.Trim();
        return new VapiSettings
        {
            ApiKey = Value(c, "VAPI_API_KEY"),
            WebhookSecret = Value(c, "VAPI_WEBHOOK_SECRET"),
            WebhookHmacSecret = Value(c, "VAPI_WEBHOOK_HMAC_SECRET"),
            PublicKey = Value(c, "NEXT_PUBLIC_VAPI_PUBLIC_KEY") ?? Value(c, "VITE_VAPI_PUBLIC_KEY"),
            ModelProvider = Value(c, "VAPI_MODEL_PROVIDER") ?? "openai",
            Model = Value(c, "VAPI_MODEL") ?? "gpt-4",
            Temperature = double.TryParse(Value(c, "VAPI_TEMPERATURE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : 0.7,
            ServerUrl = Value(c, "VAPI_SERVER_URL"),
            ServerCredentialId = Value(c, "VAPI_SERVER_CREDENTIAL_ID"),
            PricePerMinuteUsd = decimal.TryParse(Value(c, "VOICE_PRICE_PER_MINUTE_USD"), NumberStyles.Number, CultureInfo.InvariantCulture, out var p) ? p : 0.10m,
        };
    }
}
