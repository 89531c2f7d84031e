using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Infrastructure.Voice.Providers;

/// <summary>One provider in its kind's chain: the guarded adapter, its breaker, and its place (primary or a fallback).</summary>
internal sealed record ChainLink(IVoiceProvider Provider, ProviderBreaker Breaker, VoiceProviderKind Kind, int Position)
{
    public string Name => Provider.Name;
    public string Role => Position == 0 ? "primary" : $"fallback {Position}";
}

/// <summary>The configured providers per kind, in order: primary first, then the fallbacks.</summary>
internal sealed class VoiceProviderChains(IReadOnlyList<ChainLink> speechToText, IReadOnlyList<ChainLink> llm, IReadOnlyList<ChainLink> textToSpeech)
{
    public IReadOnlyList<ChainLink> SpeechToText { get; } = speechToText;
    public IReadOnlyList<ChainLink> Llm { get; } = llm;
    public IReadOnlyList<ChainLink> TextToSpeech { get; } = textToSpeech;

    public IEnumerable<ChainLink> All => SpeechToText.Concat(Llm).Concat(TextToSpeech);

    public IReadOnlyList<ChainLink> Of(VoiceProviderKind kind) => kind switch
    {
        VoiceProviderKind.SpeechToText => SpeechToText,
        VoiceProviderKind.TextToSpeech => TextToSpeech,
        _ => Llm,
    };

    /// <summary>The next provider of the same kind after <paramref name="provider"/>, if any.</summary>
    public string? FallbackFor(string provider)
    {
        var link = All.FirstOrDefault(l => l.Name == provider);
        return link is null ? null : Of(link.Kind).FirstOrDefault(l => l.Position > link.Position)?.Name;
    }

    /// <summary>For the start-up log: "speech-to-text: openai-whisper → openrouter-whisper; …".</summary>
    public string Describe() => string.Join("; ",
        new[] { VoiceProviderKind.SpeechToText, VoiceProviderKind.Llm, VoiceProviderKind.TextToSpeech }.Select(kind =>
            $"{VoiceProviderAlerts.KindLabel(kind)}: {(Of(kind).Count == 0 ? "none" : string.Join(" → ", Of(kind).Select(l => l.Name)))}"));
}
