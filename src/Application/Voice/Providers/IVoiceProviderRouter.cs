using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Voice.Providers;

/// <summary>The providers chosen for a new session, by kind; <see cref="Unavailable"/> lists the kinds no provider can serve now.</summary>
public sealed record VoiceProviderChoice(string SpeechToText, string TextToSpeech, string Llm, IReadOnlyList<VoiceProviderKind> Unavailable)
{
    public string For(VoiceProviderKind kind) => kind switch
    {
        VoiceProviderKind.SpeechToText => SpeechToText,
        VoiceProviderKind.TextToSpeech => TextToSpeech,
        _ => Llm,
    };
}

/// <summary>
/// Chooses providers per kind: the configured primary unless it is unhealthy (its circuit breaker
/// open on this instance, or the shared health state says so), then the configured fallbacks in
/// order. The providers it hands out are guarded: every call goes through the provider's circuit
/// breaker and is timed out, and their failures are <see cref="VoiceProviderException"/>s.
/// </summary>
public interface IVoiceProviderRouter
{
    /// <summary>Speech-to-text providers to try, best first; empty when none can serve now.</summary>
    ValueTask<IReadOnlyList<ISpeechToText>> SpeechToTextAsync(CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<ILanguageModel>> LanguageModelsAsync(CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<ITextToSpeech>> TextToSpeechAsync(CancellationToken cancellationToken);

    /// <summary>What a session starting now gets: the first usable provider of each kind (the primary's name when none is usable).</summary>
    ValueTask<VoiceProviderChoice> ChooseForNewSessionAsync(CancellationToken cancellationToken);

    /// <summary>Every configured provider's state, primaries first, for the admin page and readiness.</summary>
    ValueTask<IReadOnlyList<VoiceProviderState>> DescribeAsync(CancellationToken cancellationToken);
}

public enum BreakerState
{
    Closed,
    Open,
    /// <summary>The break is over: the next call is the trial that closes or reopens it.</summary>
    HalfOpen,
}

/// <summary>One provider as the router sees it now.</summary>
public sealed record VoiceProviderState
{
    public string Name { get; init; } = "";
    public VoiceProviderKind Kind { get; init; }
    /// <summary>primary, or fallback (1 = the first fallback).</summary>
    public string Role { get; init; } = "";
    public bool IsLocal { get; init; }
    /// <summary>Whether the router would hand it out now (healthy and its breaker lets calls through).</summary>
    public bool Usable { get; init; }
    public VoiceProviderStatus Status { get; init; }
    public string StatusReason { get; init; } = "";
    public DateTimeOffset? StatusChangedAt { get; init; }
    public DateTimeOffset? LastCheckedAt { get; init; }
    public bool? LastCheckSucceeded { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }
    /// <summary>This instance's circuit breaker for the provider's live calls.</summary>
    public BreakerState Breaker { get; init; }
    public DateTimeOffset? BreakerOpenUntil { get; init; }
}
