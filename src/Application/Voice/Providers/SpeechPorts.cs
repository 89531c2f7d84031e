namespace VoiceTraining.Application.Voice.Providers;

/// <summary>
/// A provider of one part of the voice pipeline. <see cref="Name"/> is what sessions, the admin
/// page and the logs call it ("openai-whisper", "openai", "openrouter", "elevenlabs", "openai-tts", "local-…").
/// </summary>
public interface IVoiceProvider
{
    string Name { get; }

    /// <summary>A stand-in that runs on this machine without any provider (local mode), clearly labelled as such.</summary>
    bool IsLocal { get; }
}

/// <summary>Speech-to-text: the trainee's words from their audio.</summary>
public interface ISpeechToText : IVoiceProvider
{
    /// <summary>Transcribes one turn of audio. Throws <see cref="VoiceProviderException"/> when the provider fails.</summary>
    Task<string> TranscribeAsync(AudioClip audio, string? language, CancellationToken cancellationToken);
}

public enum ConversationRole
{
    /// <summary>The trainee.</summary>
    User,
    /// <summary>The AI buyer.</summary>
    Assistant,
}

public sealed record ConversationMessage(ConversationRole Role, string Text);

/// <summary>What the AI buyer is asked: its instructions and the conversation so far, the trainee's latest words last.</summary>
public sealed record ChatPrompt(string Instructions, IReadOnlyList<ConversationMessage> Messages)
{
    /// <summary>Who the model plays (the persona's name), for stand-ins that cannot read instructions.</summary>
    public string? Persona { get; init; }
    public double? Temperature { get; init; }
    public int? MaxOutputTokens { get; init; }
}

/// <summary>The LLM that plays the buyer.</summary>
public interface ILanguageModel : IVoiceProvider
{
    /// <summary>
    /// The reply as it is generated, in pieces of text (deltas) in order; concatenated they are the
    /// whole reply. Failures surface from the enumeration as <see cref="VoiceProviderException"/>.
    /// </summary>
    IAsyncEnumerable<string> StreamReplyAsync(ChatPrompt prompt, CancellationToken cancellationToken);
}

/// <summary>Speech to synthesize: the text, the persona's voice, and the format wanted.</summary>
public sealed record SpeechRequest(string Text, string VoiceId, AudioFormat Format);

/// <summary>Synthesized speech: its format, declared up front, and the audio as it arrives.</summary>
public sealed record SpeechStream(AudioFormat Format, IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks);

/// <summary>Text-to-speech: the buyer's voice.</summary>
public interface ITextToSpeech : IVoiceProvider
{
    /// <summary>
    /// Starts synthesis lazily: nothing is sent until <see cref="SpeechStream.Chunks"/> is enumerated.
    /// The format is the request's when the provider can give it, else the nearest it can (declared).
    /// Failures surface from the enumeration as <see cref="VoiceProviderException"/>.
    /// </summary>
    SpeechStream Synthesize(SpeechRequest request, CancellationToken cancellationToken);
}
