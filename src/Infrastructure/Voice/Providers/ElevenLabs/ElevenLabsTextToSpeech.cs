using System.Runtime.CompilerServices;
using System.Text.Json;
using Refit;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Infrastructure.Voice.Providers.ElevenLabs;

/// <summary>
/// The buyer's voice from ElevenLabs' streaming synthesis: 16 kHz PCM (output_format=pcm_16000)
/// when the pipeline asks for PCM, else MP3 (mp3_44100_128); the audio is yielded as it arrives.
/// Health: GET /v1/user, which fails with the key and shows a spent character quota.
/// </summary>
internal sealed class ElevenLabsTextToSpeech(IElevenLabsApi api, VoiceProviderSettings settings) : ITextToSpeech, IHealthProbe
{
    public static RefitSettings RefitSettings { get; } = new(new SystemTextJsonContentSerializer(ElevenLabsJson.Default.Options))
    {
        RequestBodySerialization = RequestBodySerializationMode.Buffered,
    };

    public string Name => VoiceProviderNames.ElevenLabs;
    public bool IsLocal => false;
    public VoiceProviderKind Kind => VoiceProviderKind.TextToSpeech;

    /// <summary>ElevenLabs' output_format for a wanted format, and the format that gives.</summary>
    public static (string OutputFormat, AudioFormat Format) OutputFor(AudioFormat wanted) => wanted.Encoding switch
    {
        AudioEncoding.Mp3 => ("mp3_44100_128", new AudioFormat(AudioEncoding.Mp3, 44_100)),
        _ => wanted.SampleRate switch
        {
            8_000 or 16_000 or 22_050 or 24_000 or 44_100 => ($"pcm_{wanted.SampleRate}", new AudioFormat(AudioEncoding.Pcm16, wanted.SampleRate)),
            _ => ("pcm_16000", AudioFormat.Pcm16Khz),
        },
    };

    public SpeechStream Synthesize(SpeechRequest request, CancellationToken cancellationToken)
    {
        var (outputFormat, format) = OutputFor(request.Format);
        return new SpeechStream(format, StreamAsync(request, outputFormat, cancellationToken));
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> StreamAsync(SpeechRequest request, string outputFormat, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var voice = string.IsNullOrWhiteSpace(request.VoiceId) ? settings.ElevenLabsDefaultVoiceId : request.VoiceId;
        var body = new ElevenLabsSpeech(request.Text, settings.ElevenLabsModel, null);
        HttpResponseMessage response;
        try
        {
            response = await api.StreamSpeechAsync(voice, outputFormat, body, settings.ElevenLabsApiKey!, cancellationToken);
        }
        catch (Exception e) when (e is ApiRequestException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw ProviderErrors.Unreachable(Name, Kind, e.InnerException ?? e);
        }
        using (response)
        {
            if (!ProviderErrors.IsSuccess(response.StatusCode)) throw await ProviderErrors.FromResponseAsync(Name, Kind, response, cancellationToken);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            await foreach (var chunk in AudioChunks.ReadAsync(stream, Name, Kind, cancellationToken)) yield return chunk;
        }
    }

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await api.GetUserAsync(settings.ElevenLabsApiKey!, cancellationToken);
        }
        catch (Exception e) when (e is ApiRequestException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ProviderErrors.Unreachable(Name, Kind, e.InnerException ?? e).Detail;
        }
        using (response)
        {
            if (!ProviderErrors.IsSuccess(response.StatusCode)) return (await ProviderErrors.FromResponseAsync(Name, Kind, response, cancellationToken)).Detail;
            try
            {
                var user = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(cancellationToken), ElevenLabsJson.Default.ElevenLabsUser);
                return user?.Subscription is { CharacterCount: { } used, CharacterLimit: { } limit } && used >= limit
                    ? $"the character quota is spent ({used} of {limit})"
                    : null;
            }
            catch (JsonException)
            {
                return "GET /v1/user answered something other than the account's JSON";
            }
        }
    }
}
