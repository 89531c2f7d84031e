using System.Globalization;
using System.Net.Mail;
using FluentValidation;
using Microsoft.Extensions.Configuration;
using VoiceTraining.Application.Common.Settings;
using VoiceTraining.Infrastructure.Configuration;
using VoiceTraining.Infrastructure.Voice.Providers.OpenAi;

namespace VoiceTraining.Infrastructure.Voice.Providers;

public enum VoiceProviderMode
{
    /// <summary>The providers whose keys are set; in Development a kind with none gets its local stand-in.</summary>
    Auto,
    /// <summary>Local stand-ins for every kind, whatever keys are set (chosen explicitly; outside Development /readyz says Degraded).</summary>
    Local,
    /// <summary>No voice pipeline: every turn answers that no provider is available.</summary>
    Off,
}

/// <summary>
/// The speech providers of the direct voice pipeline. Keys by the contract's names (OPENAI_API_KEY,
/// which also keys OpenAI's speech, the text-to-speech fallback; ELEVENLABS_API_KEY,
/// OPENROUTER_API_KEY), base URLs, models and OpenAI's speech voice by flat names too (for local
/// stand-ins and tests), the order of providers per kind and the health, breaker and timeout
/// settings in section "VoiceProviders". ADMIN_ALERT_EMAIL receives an email on every change of a
/// provider's health. Outside Development a kind without a provider stops the start-up unless
/// VoiceProviders:Mode is local or off (a missing provider is never silently replaced).
/// </summary>
public sealed class VoiceProviderSettings
{
    public const string OpenAiDefaultBaseUrl = "https://api.openai.com/v1";
    public const string OpenRouterDefaultBaseUrl = "https://openrouter.ai/api/v1";
    public const string ElevenLabsDefaultBaseUrl = "https://api.elevenlabs.io";

    [ConfigurationKeyName("ResolvedMode")]
    public VoiceProviderMode Mode { get; set; }

    public string? OpenAiApiKey { get; set; }
    public string OpenAiBaseUrl { get; set; } = OpenAiDefaultBaseUrl;
    public string OpenAiChatModel { get; set; } = "gpt-4o-mini";
    public string OpenAiTranscriptionModel { get; set; } = "whisper-1";
    /// <summary>The text-to-speech fallback's model and voice (personas name ElevenLabs voices; one of OpenAI's names is spoken as itself).</summary>
    public string OpenAiSpeechModel { get; set; } = "gpt-4o-mini-tts";
    public string OpenAiSpeechVoice { get; set; } = "alloy";

    public string? OpenRouterApiKey { get; set; }
    public string OpenRouterBaseUrl { get; set; } = OpenRouterDefaultBaseUrl;
    public string OpenRouterChatModel { get; set; } = "openai/gpt-4o-mini";
    public string OpenRouterTranscriptionModel { get; set; } = "openai/whisper-1";
    /// <summary>OpenRouter's optional app attribution: HTTP-Referer (the product's URL) and X-Title.</summary>
    public string? OpenRouterReferer { get; set; }
    public string OpenRouterTitle { get; set; } = "Voice AI Training";

    public string? ElevenLabsApiKey { get; set; }
    public string ElevenLabsBaseUrl { get; set; } = ElevenLabsDefaultBaseUrl;
    public string ElevenLabsModel { get; set; } = "eleven_flash_v2_5";
    /// <summary>The voice for personas that name none.</summary>
    public string ElevenLabsDefaultVoiceId { get; set; } = "21m00Tcm4TlvDq8ikWAM";

    /// <summary>Where alerts about provider health go (ADMIN_ALERT_EMAIL); none: they are only logged.</summary>
    public string? AdminAlertEmail { get; set; }

    /// <summary>The providers per kind, primary first then fallbacks, by name; only those with keys are used.</summary>
    public string SpeechToText { get; init; } = "openai-whisper,openrouter-whisper";
    public string Llm { get; init; } = "openai,openrouter";
    public string TextToSpeech { get; init; } = "elevenlabs,openai-tts";

    /// <summary>How often the health checks run (once across instances, on the background engine).</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan HealthCheckTimeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Failed health checks in a row that make a provider unhealthy.</summary>
    public int UnhealthyAfter { get; init; } = 2;
    /// <summary>How long an instance trusts its copy of the shared health state before reading it again.</summary>
    public TimeSpan StateRefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The circuit breaker on live calls (per instance and provider): opens when this share of calls fails …</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;
    /// <summary>… among at least this many calls (at least 2) …</summary>
    public int BreakerMinimumThroughput { get; init; } = 3;
    /// <summary>… within this window, and then refuses calls for the break (at least 0.5 s).</summary>
    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan BreakerBreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A call's answer (a transcription, or a stream's first piece) must come within this.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>A stream that sends nothing for this long has stalled.</summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(8);

    public bool LocalModeChosen => Mode == VoiceProviderMode.Local;

    public static IReadOnlyList<string> Names(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).Distinct()];

    /// <summary>The flat names onto the bound section: see <see cref="SettingsBinding{T}"/>.</summary>
    public static void ReadEnvironment(VoiceProviderSettings s, IConfiguration c)
    {
        s.Mode = c.First("VoiceProviders:Mode")?.ToLowerInvariant() switch
        {
            null or "auto" => VoiceProviderMode.Auto,
            "local" => VoiceProviderMode.Local,
            "off" => VoiceProviderMode.Off,
            var other => throw new InvalidOperationException($"VoiceProviders:Mode must be auto, local or off, not '{other}'."),
        };
        s.OpenAiApiKey = c.First("OPENAI_API_KEY");
        s.OpenAiBaseUrl = (c.First("OPENAI_API_BASE_URL") ?? OpenAiDefaultBaseUrl).TrimEnd('/');
        s.OpenAiChatModel = c.First("OPENAI_CHAT_MODEL") ?? s.OpenAiChatModel;
        s.OpenAiTranscriptionModel = c.First("OPENAI_TRANSCRIPTION_MODEL") ?? s.OpenAiTranscriptionModel;
        s.OpenAiSpeechModel = c.First("OPENAI_SPEECH_MODEL") ?? s.OpenAiSpeechModel;
        s.OpenAiSpeechVoice = (c.First("OPENAI_SPEECH_VOICE") ?? s.OpenAiSpeechVoice).Trim().ToLowerInvariant();
        s.OpenRouterApiKey = c.First("OPENROUTER_API_KEY");
        s.OpenRouterBaseUrl = (c.First("OPENROUTER_API_BASE_URL") ?? OpenRouterDefaultBaseUrl).TrimEnd('/');
        s.OpenRouterChatModel = c.First("OPENROUTER_MODEL") ?? s.OpenRouterChatModel;
        s.OpenRouterTranscriptionModel = c.First("OPENROUTER_TRANSCRIPTION_MODEL") ?? s.OpenRouterTranscriptionModel;
        s.OpenRouterReferer = c.First("OPENROUTER_HTTP_REFERER", "NEXT_PUBLIC_APP_URL", "App:PublicUrl");
        s.OpenRouterTitle = c.First("OPENROUTER_APP_TITLE") ?? s.OpenRouterTitle;
        s.ElevenLabsApiKey = c.First("ELEVENLABS_API_KEY");
        s.ElevenLabsBaseUrl = (c.First("ELEVENLABS_API_BASE_URL") ?? ElevenLabsDefaultBaseUrl).TrimEnd('/');
        s.ElevenLabsModel = c.First("ELEVENLABS_MODEL_ID") ?? s.ElevenLabsModel;
        s.ElevenLabsDefaultVoiceId = c.First("ELEVENLABS_VOICE_ID") ?? s.ElevenLabsDefaultVoiceId;
        s.AdminAlertEmail = c.First("ADMIN_ALERT_EMAIL");
    }

}

public sealed class VoiceProviderSettingsValidator : AbstractValidator<VoiceProviderSettings>
{
    public VoiceProviderSettingsValidator()
    {
        RuleFor(s => s.OpenAiBaseUrl).HttpUrl("OPENAI_API_BASE_URL");
        RuleFor(s => s.OpenRouterBaseUrl).HttpUrl("OPENROUTER_API_BASE_URL");
        RuleFor(s => s.ElevenLabsBaseUrl).HttpUrl("ELEVENLABS_API_BASE_URL");
        RuleFor(s => s.OpenAiSpeechModel).NotEmpty().WithMessage("VoiceProviders:OpenAiSpeechModel (OPENAI_SPEECH_MODEL) must name a model, such as gpt-4o-mini-tts or tts-1.");
        RuleFor(s => s.OpenAiSpeechVoice).Must(OpenAiSpeech.Voices.Contains)
            .WithMessage($"VoiceProviders:OpenAiSpeechVoice (OPENAI_SPEECH_VOICE) must be one of OpenAI's voices: {string.Join(", ", OpenAiSpeech.Voices.Order(StringComparer.Ordinal))}; not '{{PropertyValue}}'.");
        RuleFor(s => s.AdminAlertEmail).Must(a => a is null || MailAddress.TryCreate(a, out _))
            .WithMessage("ADMIN_ALERT_EMAIL must be an email address, not '{PropertyValue}'.");
        RuleFor(s => s.SpeechToText).Must(l => VoiceProviderSettings.Names(l).All(VoiceProviderNames.SpeechToText.Contains))
            .WithMessage($"VoiceProviders:SpeechToText lists speech-to-text providers by name: {string.Join(", ", VoiceProviderNames.SpeechToText)}.");
        RuleFor(s => s.Llm).Must(l => VoiceProviderSettings.Names(l).All(VoiceProviderNames.Llm.Contains))
            .WithMessage($"VoiceProviders:Llm lists LLM providers by name: {string.Join(", ", VoiceProviderNames.Llm)}.");
        RuleFor(s => s.TextToSpeech).Must(l => VoiceProviderSettings.Names(l).All(VoiceProviderNames.TextToSpeech.Contains))
            .WithMessage($"VoiceProviders:TextToSpeech lists text-to-speech providers by name: {string.Join(", ", VoiceProviderNames.TextToSpeech)}.");
        RuleFor(s => s.HealthCheckInterval).Positive("VoiceProviders:HealthCheckInterval");
        RuleFor(s => s.HealthCheckTimeout).Positive("VoiceProviders:HealthCheckTimeout");
        RuleFor(s => s.UnhealthyAfter).AtLeast(1, "VoiceProviders:UnhealthyAfter");
        RuleFor(s => s.StateRefreshInterval).Positive("VoiceProviders:StateRefreshInterval");
        RuleFor(s => s.BreakerFailureRatio).InclusiveBetween(0.01, 1.0)
            .WithMessage("VoiceProviders:BreakerFailureRatio must be a share of calls between 0.01 and 1, not {PropertyValue}.");
        RuleFor(s => s.BreakerMinimumThroughput).AtLeast(2, "VoiceProviders:BreakerMinimumThroughput");
        RuleFor(s => s.BreakerSamplingDuration).Must(d => d >= TimeSpan.FromMilliseconds(500))
            .WithMessage("VoiceProviders:BreakerSamplingDuration must be at least 0.5 s.");
        RuleFor(s => s.BreakerBreakDuration).Must(d => d >= TimeSpan.FromMilliseconds(500))
            .WithMessage("VoiceProviders:BreakerBreakDuration must be at least 0.5 s.");
        RuleFor(s => s.RequestTimeout).Positive("VoiceProviders:RequestTimeout");
        RuleFor(s => s.StreamIdleTimeout).Positive("VoiceProviders:StreamIdleTimeout");
    }
}

/// <summary>The adapters by name, per kind.</summary>
public static class VoiceProviderNames
{
    public const string OpenAiWhisper = "openai-whisper";
    public const string OpenRouterWhisper = "openrouter-whisper";
    public const string OpenAi = "openai";
    public const string OpenRouter = "openrouter";
    public const string ElevenLabs = "elevenlabs";
    public const string OpenAiSpeech = "openai-tts";
    public const string LocalSpeechToText = "local-speech-to-text";
    public const string LocalLlm = "local-buyer";
    public const string LocalTextToSpeech = "local-text-to-speech";

    public static readonly IReadOnlyList<string> SpeechToText = [OpenAiWhisper, OpenRouterWhisper];
    public static readonly IReadOnlyList<string> Llm = [OpenAi, OpenRouter];
    public static readonly IReadOnlyList<string> TextToSpeech = [ElevenLabs, OpenAiSpeech];
}
