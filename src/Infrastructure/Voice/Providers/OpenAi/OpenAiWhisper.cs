using OpenAI.Audio;
using OpenAI.Models;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Infrastructure.Voice.Providers.OpenAi;

/// <summary>
/// Speech-to-text with OpenAI's transcriptions API through its SDK: POST {base}/audio/transcriptions,
/// multipart/form-data with the turn as a WAV file (file), model (whisper-1 by default),
/// response_format=json and language; the bearer key. Health: GET {base}/models.
/// </summary>
internal sealed class OpenAiWhisper(AudioClient audio, OpenAIModelClient models) : ISpeechToText, IHealthProbe
{
    public string Name => VoiceProviderNames.OpenAiWhisper;
    public bool IsLocal => false;
    public VoiceProviderKind Kind => VoiceProviderKind.SpeechToText;

    public async Task<string> TranscribeAsync(AudioClip clip, string? language, CancellationToken cancellationToken)
    {
        var wav = clip.ToWav();
        using var file = new MemoryStream(wav.Data.ToArray(), writable: false);
        var options = new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Simple, Language = language };
        try
        {
            var result = await audio.TranscribeAudioAsync(file, "turn.wav", options, cancellationToken);
            return result.Value.Text ?? "";
        }
        catch (Exception e) when (OpenAiErrors.Map(Name, Kind, e, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public Task<string?> ProbeAsync(CancellationToken cancellationToken) => OpenAiModelsProbe.ProbeAsync(models, Name, Kind, cancellationToken);
}
