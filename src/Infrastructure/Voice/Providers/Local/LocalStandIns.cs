using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using VoiceTraining.Application.Voice.Providers;

namespace VoiceTraining.Infrastructure.Voice.Providers.Local;

/// <summary>
/// Local mode's speech-to-text: no recognition, a labelled placeholder that says how much audio
/// came (so a session runs end to end offline and nobody mistakes it for a transcript).
/// </summary>
internal sealed class LocalSpeechToText : ISpeechToText
{
    public const string Label = "[local speech-to-text]";

    public string Name => VoiceProviderNames.LocalSpeechToText;
    public bool IsLocal => true;

    public Task<string> TranscribeAsync(AudioClip audio, string? language, CancellationToken cancellationToken) =>
        Task.FromResult(string.Create(CultureInfo.InvariantCulture, $"{Label} {audio.Duration.TotalSeconds:0.0} seconds of speech"));
}

/// <summary>
/// Local mode's AI buyer: scripted, deterministic lines in the persona's name, one per turn of the
/// conversation, each labelled, streamed a word at a time like a model's deltas.
/// </summary>
internal sealed class LocalBuyer : ILanguageModel
{
    public const string Label = "[local AI buyer]";

    private static readonly string[] Script =
    [
        "Hello, this is {0}. You asked for a few minutes of my time: what is this about?",
        "I see. Why would that matter to us right now?",
        "We already have something that mostly works. What makes yours different?",
        "What would it cost us, and how soon would we see a result?",
        "That is a lot to take in. Who else like us is using it?",
        "All right. Send me the details in writing and we can talk again next week.",
    ];

    public string Name => VoiceProviderNames.LocalLlm;
    public bool IsLocal => true;

    public async IAsyncEnumerable<string> StreamReplyAsync(ChatPrompt prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var turn = prompt.Messages.Count(m => m.Role == ConversationRole.Assistant);
        var line = string.Format(CultureInfo.InvariantCulture, Script[Math.Min(turn, Script.Length - 1)], prompt.Persona ?? "the buyer");
        var words = $"{Label} {line}".Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return i == 0 ? words[i] : " " + words[i];
            await Task.Yield();
        }
    }
}

/// <summary>
/// Local mode's voice: no speech, a quiet 220 Hz tone as long as the words would take to say
/// (about 0.35 s a word), as 16 kHz mono PCM in 100 ms chunks; audibly a stand-in.
/// </summary>
internal sealed class LocalTextToSpeech : ITextToSpeech
{
    private const int SampleRate = 16_000;
    private const int ChunkSamples = SampleRate / 10;

    public string Name => VoiceProviderNames.LocalTextToSpeech;
    public bool IsLocal => true;

    public static TimeSpan LengthOf(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return TimeSpan.FromSeconds(Math.Clamp(words * 0.35, 0.5, 20));
    }

    public SpeechStream Synthesize(SpeechRequest request, CancellationToken cancellationToken) =>
        new(AudioFormat.Pcm16Khz, ToneAsync(LengthOf(request.Text), cancellationToken));

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> ToneAsync(TimeSpan length, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var total = (int)(length.TotalSeconds * SampleRate);
        for (var start = 0; start < total; start += ChunkSamples)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(ChunkSamples, total - start);
            var chunk = new byte[count * 2];
            for (var i = 0; i < count; i++)
            {
                var t = (start + i) / (double)SampleRate;
                BinaryPrimitives.WriteInt16LittleEndian(chunk.AsSpan(i * 2), (short)(Math.Sin(2 * Math.PI * 220 * t) * 2000));
            }
            yield return chunk;
            await Task.Yield();
        }
    }
}
