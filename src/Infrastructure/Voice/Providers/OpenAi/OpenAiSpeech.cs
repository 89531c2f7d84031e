using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenAI.Audio;
using OpenAI.Models;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Infrastructure.Voice.Providers.OpenAi;

/// <summary>
/// The buyer's voice from OpenAI's speech API through its SDK ("openai-tts", the text-to-speech
/// fallback): POST {base}/audio/speech with JSON {model, input, voice, response_format} and the
/// bearer key; the answer is the audio itself. The SDK's protocol method is called with an unbuffered
/// response, so the audio is yielded as it arrives. pcm is 24 kHz 16-bit little-endian mono raw PCM,
/// mp3 is MP3 (24 kHz); the format is declared before the first byte. Personas name ElevenLabs voices,
/// so the configured OpenAI voice speaks unless the persona's voice is one of OpenAI's own.
/// Health: GET {base}/models.
/// </summary>
internal sealed class OpenAiSpeech(AudioClient audio, OpenAIModelClient models, VoiceProviderSettings settings) : ITextToSpeech, IHealthProbe
{
    /// <summary>OpenAI's built-in voices (gpt-4o-mini-tts speaks all of them; tts-1 and tts-1-hd not ballad, verse, marin or cedar).</summary>
    public static readonly FrozenSet<string> Voices =
        FrozenSet.ToFrozenSet(["alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse", "marin", "cedar"], StringComparer.Ordinal);

    /// <summary>The rate of OpenAI's pcm and mp3 output.</summary>
    public const int SampleRate = 24_000;

    public string Name => VoiceProviderNames.OpenAiSpeech;
    public bool IsLocal => false;
    public VoiceProviderKind Kind => VoiceProviderKind.TextToSpeech;

    /// <summary>OpenAI's response_format for a wanted format, and the format that gives (OpenAI has one rate: 24 kHz).</summary>
    public static (string ResponseFormat, AudioFormat Format) OutputFor(AudioFormat wanted) => wanted.Encoding switch
    {
        AudioEncoding.Mp3 => ("mp3", new AudioFormat(AudioEncoding.Mp3, SampleRate)),
        // Raw PCM for WAV as well: the turn wraps it, and a streamed WAV header carries no sizes.
        _ => ("pcm", new AudioFormat(AudioEncoding.Pcm16, SampleRate)),
    };

    /// <summary>The persona's voice when it is one of OpenAI's (any case), else the configured one.</summary>
    public static string VoiceFor(string? voiceId, string configured) =>
        voiceId?.Trim().ToLowerInvariant() is { } name && Voices.Contains(name) ? name : configured;

    public SpeechStream Synthesize(SpeechRequest request, CancellationToken cancellationToken)
    {
        var (responseFormat, format) = OutputFor(request.Format);
        return new SpeechStream(format, StreamAsync(request, responseFormat, cancellationToken));
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> StreamAsync(SpeechRequest request, string responseFormat, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var body = new OpenAiSpeechBody(settings.OpenAiSpeechModel, request.Text, VoiceFor(request.VoiceId, settings.OpenAiSpeechVoice), responseFormat);
        using var content = BinaryContent.Create(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(body, OpenAiSpeechJson.Default.OpenAiSpeechBody)));
        PipelineResponse response;
        try
        {
            // Unbuffered: the call returns at the headers and the body is read as it comes. An error
            // status still throws, with its (small) error body read for the message.
            var result = await audio.GenerateSpeechAsync(content, new RequestOptions { BufferResponse = false, CancellationToken = cancellationToken });
            response = result.GetRawResponse();
        }
        catch (Exception e) when (OpenAiErrors.Map(Name, Kind, e, cancellationToken) is { } failure)
        {
            throw failure;
        }
        using (response)
        {
            var stream = response.ContentStream
                ?? throw new VoiceProviderException(Name, Kind, VoiceProviderFailure.Unavailable, "the answer had no audio body");
            await foreach (var chunk in AudioChunks.ReadAsync(stream, Name, Kind, cancellationToken)) yield return chunk;
        }
    }

    public Task<string?> ProbeAsync(CancellationToken cancellationToken) => OpenAiModelsProbe.ProbeAsync(models, Name, Kind, cancellationToken);
}

/// <summary>The body of POST /audio/speech.</summary>
internal sealed record OpenAiSpeechBody(string Model, string Input, string Voice, string ResponseFormat);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OpenAiSpeechBody))]
internal sealed partial class OpenAiSpeechJson : JsonSerializerContext;
