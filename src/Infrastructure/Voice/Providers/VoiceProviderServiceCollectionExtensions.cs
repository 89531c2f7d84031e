using System.ClientModel;
using System.ClientModel.Primitives;
using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Audio;
using OpenAI.Chat;
using OpenAI.Models;
using Refit;
using VoiceTraining.Application.Common.Settings;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Application.Voice.Turns;
using VoiceTraining.Domain.Voice;
using VoiceTraining.Infrastructure.Configuration;
using VoiceTraining.Infrastructure.Voice.Providers.ElevenLabs;
using VoiceTraining.Infrastructure.Voice.Providers.Local;
using VoiceTraining.Infrastructure.Voice.Providers.OpenAi;
using VoiceTraining.Infrastructure.Voice.Providers.OpenRouter;
using VoiceTraining.Infrastructure.Workers.Scheduling;

namespace VoiceTraining.Infrastructure.Voice.Providers;

public static partial class VoiceProviderServiceCollectionExtensions
{
    public static SettingsBinding<VoiceProviderSettings> Binding { get; } =
        new("VoiceProviders", new VoiceProviderSettingsValidator(), VoiceProviderSettings.ReadEnvironment);

    public static SettingsBinding<VoiceTurnOptions> TurnBinding { get; } = new("VoiceTurns", new VoiceTurnOptionsValidator());

    /// <summary>
    /// The speech providers (ADR 0022): each kind's chain of adapters (those whose keys are set, in
    /// the configured order; local stand-ins in local mode), each behind its circuit breaker; the
    /// router; the shared health state, its periodic check on the background engine and its /readyz
    /// entry. Outside Development a kind without any provider refuses to start unless
    /// VoiceProviders:Mode is local or off.
    /// </summary>
    public static IServiceCollection AddVoiceProviders(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddValidatedSettings(configuration, Binding);
        services.AddValidatedSettings(configuration, TurnBinding);
        // Which adapters exist is decided while services are registered, so the settings are read
        // (and validated) once here as well; the registered options hold the same values.
        var settings = Binding.Read(configuration);
        var development = environment.IsDevelopment();
        var names = new Dictionary<VoiceProviderKind, IReadOnlyList<string>>
        {
            [VoiceProviderKind.SpeechToText] = Chain(settings, VoiceProviderKind.SpeechToText, development),
            [VoiceProviderKind.Llm] = Chain(settings, VoiceProviderKind.Llm, development),
            [VoiceProviderKind.TextToSpeech] = Chain(settings, VoiceProviderKind.TextToSpeech, development),
        };
        services.AddSingleton(new VoicePipelineMode(
            Local: names.Values.SelectMany(n => n).All(n => n.StartsWith("local-", StringComparison.Ordinal)) && settings.Mode != VoiceProviderMode.Off,
            Off: settings.Mode == VoiceProviderMode.Off,
            Description: string.Join("; ", names.Select(n => $"{VoiceProviderAlerts.KindLabel(n.Key)}: {(n.Value.Count == 0 ? "none" : string.Join(" → ", n.Value))}"))));

        if (names.Values.Any(n => n.Contains(VoiceProviderNames.OpenRouterWhisper)))
        {
            services.AddRefitGeneratedClient<IOpenRouterApi>(OpenRouterWhisper.RefitSettings)
                .ConfigureHttpClient(c =>
                {
                    // Refit keeps the base address's path (…/api/v1) in front of the method's.
                    c.BaseAddress = new Uri(settings.OpenRouterBaseUrl);
                    // Each call's time is the breaker's timeouts; the client's own would cut streams.
                    c.Timeout = Timeout.InfiniteTimeSpan;
                    AddOpenRouterAttribution(c, settings);
                });
        }
        if (names.Values.Any(n => n.Contains(VoiceProviderNames.ElevenLabs)))
        {
            services.AddRefitGeneratedClient<IElevenLabsApi>(ElevenLabsTextToSpeech.RefitSettings)
                .ConfigureHttpClient(c =>
                {
                    c.BaseAddress = new Uri(settings.ElevenLabsBaseUrl);
                    c.Timeout = Timeout.InfiniteTimeSpan;
                });
        }

        services.AddSingleton(sp => BuildChains(sp, settings, names));
        services.AddSingleton<IEnumerable<IHealthProbe>>(sp =>
            [.. sp.GetRequiredService<VoiceProviderChains>().All.Select(l => Unguarded(l.Provider)).OfType<IHealthProbe>()]);
        services.AddSingleton<VoiceProviderHealthBoard>();
        services.AddSingleton<VoiceProviderHealthStore>();
        services.AddSingleton<IVoiceProviderRouter, VoiceProviderRouter>();
        services.AddScheduledJob<VoiceProviderHealthJob>();
        services.AddHealthChecks().AddTypeActivatedCheck<VoiceProvidersHealthCheck>("voice-providers", failureStatus: null, tags: ["ready"], args: development);
        return services;
    }

    /// <summary>The kind's providers by name: the configured ones whose keys are set; else local, where allowed.</summary>
    internal static IReadOnlyList<string> Chain(VoiceProviderSettings settings, VoiceProviderKind kind, bool development)
    {
        var (list, local) = kind switch
        {
            VoiceProviderKind.SpeechToText => (settings.SpeechToText, VoiceProviderNames.LocalSpeechToText),
            VoiceProviderKind.TextToSpeech => (settings.TextToSpeech, VoiceProviderNames.LocalTextToSpeech),
            _ => (settings.Llm, VoiceProviderNames.LocalLlm),
        };
        if (settings.Mode == VoiceProviderMode.Off) return [];
        if (settings.Mode == VoiceProviderMode.Local) return [local];
        IReadOnlyList<string> configured = [.. VoiceProviderSettings.Names(list).Where(name => HasKey(settings, name))];
        if (configured.Count > 0) return configured;
        if (development) return [local];
        var keys = kind switch
        {
            VoiceProviderKind.SpeechToText => "OPENAI_API_KEY or OPENROUTER_API_KEY",
            VoiceProviderKind.TextToSpeech => "ELEVENLABS_API_KEY or OPENAI_API_KEY",
            _ => "OPENAI_API_KEY or OPENROUTER_API_KEY",
        };
        throw new InvalidOperationException(
            $"No {VoiceProviderAlerts.KindLabel(kind)} provider is configured for the voice pipeline: set {keys}, or set VoiceProviders:Mode=local "
            + "to run voice sessions on local stand-ins (reported by /readyz), or VoiceProviders:Mode=off to switch the pipeline off.");
    }

    private static bool HasKey(VoiceProviderSettings s, string name) => name switch
    {
        VoiceProviderNames.OpenAi or VoiceProviderNames.OpenAiWhisper or VoiceProviderNames.OpenAiSpeech => s.OpenAiApiKey is not null,
        VoiceProviderNames.OpenRouter or VoiceProviderNames.OpenRouterWhisper => s.OpenRouterApiKey is not null,
        VoiceProviderNames.ElevenLabs => s.ElevenLabsApiKey is not null,
        _ => false,
    };

    private static VoiceProviderChains BuildChains(IServiceProvider sp, VoiceProviderSettings settings, Dictionary<VoiceProviderKind, IReadOnlyList<string>> names)
    {
        var clock = sp.GetRequiredService<TimeProvider>();
        var loggers = sp.GetRequiredService<ILoggerFactory>();
        IReadOnlyList<ChainLink> Links(VoiceProviderKind kind) =>
        [
            .. names[kind].Select((name, position) =>
            {
                var breaker = new ProviderBreaker(name, kind, settings, clock, loggers.CreateLogger("VoiceTraining.Voice.Providers." + name),
                    opened: (b, error, hold) => Report(sp, b, store => store.RecordLiveFailureAsync(b.Name, b.Kind, error, hold, CancellationToken.None)),
                    closed: b => Report(sp, b, store => store.RecordLiveRecoveryAsync(b.Name, b.Kind, CancellationToken.None)));
                IVoiceProvider guarded = Adapter(sp, settings, name) switch
                {
                    ISpeechToText stt => new GuardedSpeechToText(stt, breaker),
                    ILanguageModel llm => new GuardedLanguageModel(llm, breaker),
                    ITextToSpeech tts => new GuardedTextToSpeech(tts, breaker),
                    var other => throw new InvalidOperationException($"{other.Name} is no voice provider kind."),
                };
                return new ChainLink(guarded, breaker, kind, position);
            }),
        ];
        return new VoiceProviderChains(Links(VoiceProviderKind.SpeechToText), Links(VoiceProviderKind.Llm), Links(VoiceProviderKind.TextToSpeech));
    }

    /// <summary>
    /// A breaker's change goes to the shared health state in the background: the failing call that
    /// opened it is not held up by the write, and a write that fails is logged, not thrown at it.
    /// </summary>
    private static Task Report(IServiceProvider sp, ProviderBreaker breaker, Func<VoiceProviderHealthStore, Task> write)
    {
        var store = sp.GetRequiredService<VoiceProviderHealthStore>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("VoiceTraining.Voice.Providers." + breaker.Name);
        _ = Detached.RunAsync(async () =>
        {
            try
            {
                await write(store);
            }
            catch (Exception e)
            {
                LogReportFailed(logger, e, breaker.Name);
            }
        });
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the circuit breaker change of {Provider} in the shared health state")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string provider);

    private static IVoiceProvider Adapter(IServiceProvider sp, VoiceProviderSettings s, string name) => name switch
    {
        VoiceProviderNames.OpenAi => new OpenAiChatModel(name,
            new ChatClient(s.OpenAiChatModel, Key(s, openRouter: false), Options(s, openRouter: false)), Models(s, openRouter: false)),
        VoiceProviderNames.OpenRouter => new OpenAiChatModel(name,
            new ChatClient(s.OpenRouterChatModel, Key(s, openRouter: true), Options(s, openRouter: true)), Models(s, openRouter: true)),
        VoiceProviderNames.OpenAiWhisper => new OpenAiWhisper(
            new AudioClient(s.OpenAiTranscriptionModel, Key(s, openRouter: false), Options(s, openRouter: false)), Models(s, openRouter: false)),
        VoiceProviderNames.OpenAiSpeech => new OpenAiSpeech(
            new AudioClient(s.OpenAiSpeechModel, Key(s, openRouter: false), Options(s, openRouter: false)), Models(s, openRouter: false), s),
        VoiceProviderNames.OpenRouterWhisper => new OpenRouterWhisper(sp.GetRequiredService<IOpenRouterApi>(), s),
        VoiceProviderNames.ElevenLabs => new ElevenLabsTextToSpeech(sp.GetRequiredService<IElevenLabsApi>(), s),
        VoiceProviderNames.LocalSpeechToText => new LocalSpeechToText(),
        VoiceProviderNames.LocalLlm => new LocalBuyer(),
        VoiceProviderNames.LocalTextToSpeech => new LocalTextToSpeech(),
        _ => throw new InvalidOperationException($"Unknown voice provider '{name}'."),
    };

    /// <summary>The key of OpenAI's API, or of OpenRouter's (the same SDK on its base URL).</summary>
    private static ApiKeyCredential Key(VoiceProviderSettings s, bool openRouter) => new(openRouter ? s.OpenRouterApiKey! : s.OpenAiApiKey!);

    private static OpenAIClientOptions Options(VoiceProviderSettings s, bool openRouter) =>
        OpenAiOptions(openRouter ? s.OpenRouterBaseUrl : s.OpenAiBaseUrl, s, openRouter);

    /// <summary>GET {base}/models, the health check of every adapter on the SDK.</summary>
    private static OpenAIModelClient Models(VoiceProviderSettings s, bool openRouter) => new(Key(s, openRouter), Options(s, openRouter));

    private static IVoiceProvider Unguarded(IVoiceProvider provider) => provider switch
    {
        GuardedSpeechToText g => g.Inner,
        GuardedLanguageModel g => g.Inner,
        GuardedTextToSpeech g => g.Inner,
        _ => provider,
    };

    /// <summary>
    /// The SDK's pipeline on an HttpClient of ours: no SDK retries (the router's failover is the
    /// retry, and a turn cannot wait for back-off), no SDK timeout (the breaker's timeouts bound each
    /// call, streams included); pooled connections renewed every few minutes for DNS changes.
    /// </summary>
    private static OpenAIClientOptions OpenAiOptions(string baseUrl, VoiceProviderSettings s, bool openRouter)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        if (openRouter) AddOpenRouterAttribution(http, s);
        return new OpenAIClientOptions
        {
            Endpoint = new Uri(baseUrl),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromMinutes(10),
        };
    }

    /// <summary>OpenRouter's optional attribution headers: HTTP-Referer (the app's URL) and X-Title.</summary>
    private static void AddOpenRouterAttribution(HttpClient client, VoiceProviderSettings s)
    {
        if (s.OpenRouterReferer is { } referer) client.DefaultRequestHeaders.TryAddWithoutValidation("HTTP-Referer", referer);
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Title", s.OpenRouterTitle);
    }
}

public sealed class VoiceTurnOptionsValidator : AbstractValidator<VoiceTurnOptions>
{
    public VoiceTurnOptionsValidator()
    {
        RuleFor(o => o.MaxAudioBytes).AtLeast(1024, "VoiceTurns:MaxAudioBytes")
            .LessThanOrEqualTo(7 * 1024 * 1024).WithMessage("VoiceTurns:MaxAudioBytes must be at most 7 MiB (a turn request carries at most 8 MiB).");
        RuleFor(o => o.MaxTextLength).AtLeast(1, "VoiceTurns:MaxTextLength");
        RuleFor(o => o.MaxHistoryTurns).AtLeast(0, "VoiceTurns:MaxHistoryTurns");
        RuleFor(o => o.MaxReplyTokens).AtLeast(1, "VoiceTurns:MaxReplyTokens");
        RuleFor(o => o.MaxReplyAudioBytes).AtLeast(1024, "VoiceTurns:MaxReplyAudioBytes");
        RuleFor(o => o.Temperature).InclusiveBetween(0, 2).WithMessage("VoiceTurns:Temperature must be between 0 and 2, not {PropertyValue}.");
        RuleFor(o => o.Language).Matches("^[a-z]{2}$").WithMessage("VoiceTurns:Language must be an ISO-639-1 code such as en, not '{PropertyValue}'.");
    }
}
