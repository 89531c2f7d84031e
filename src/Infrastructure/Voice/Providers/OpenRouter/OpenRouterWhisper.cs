using System.Text.Json;
using Refit;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Infrastructure.Voice.Providers.OpenRouter;

/// <summary>
/// Whisper through OpenRouter (model openai/whisper-1 by default): the fallback speech-to-text.
/// Health: GET /key, which fails with the key and reports a spent credit limit.
/// </summary>
internal sealed class OpenRouterWhisper(IOpenRouterApi api, VoiceProviderSettings settings) : ISpeechToText, IHealthProbe
{
    public static RefitSettings RefitSettings { get; } = new(new SystemTextJsonContentSerializer(OpenRouterJson.Default.Options))
    {
        RequestBodySerialization = RequestBodySerializationMode.Buffered,
    };

    public string Name => VoiceProviderNames.OpenRouterWhisper;
    public bool IsLocal => false;
    public VoiceProviderKind Kind => VoiceProviderKind.SpeechToText;

    public async Task<string> TranscribeAsync(AudioClip clip, string? language, CancellationToken cancellationToken)
    {
        var wav = clip.ToWav();
        var request = new OpenRouterTranscriptionRequest(settings.OpenRouterTranscriptionModel,
            new OpenRouterInputAudio(Convert.ToBase64String(wav.Data.Span), "wav"), language);
        var body = await SendAsync(() => api.TranscribeAsync(request, settings.OpenRouterApiKey!, cancellationToken), cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(body, OpenRouterJson.Default.OpenRouterTranscription)?.Text
                   ?? throw new VoiceProviderException(Name, Kind, VoiceProviderFailure.Unavailable, "the answer has no text");
        }
        catch (JsonException)
        {
            throw new VoiceProviderException(Name, Kind, VoiceProviderFailure.Unavailable, "the answer is not the transcription JSON");
        }
    }

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var body = await SendAsync(() => api.GetKeyAsync(settings.OpenRouterApiKey!, cancellationToken), cancellationToken);
            var key = JsonSerializer.Deserialize(body, OpenRouterJson.Default.OpenRouterKeyStatus)?.Data;
            return key is { LimitRemaining: <= 0 } ? "the key's credit limit is spent" : null;
        }
        catch (VoiceProviderException e)
        {
            return e.Detail;
        }
        catch (JsonException)
        {
            return "GET /key answered something other than the key's JSON";
        }
    }

    private async Task<string> SendAsync(Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (Exception e) when (e is ApiRequestException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw ProviderErrors.Unreachable(Name, Kind, e.InnerException ?? e);
        }
        using (response)
        {
            if (!ProviderErrors.IsSuccess(response.StatusCode)) throw await ProviderErrors.FromResponseAsync(Name, Kind, response, cancellationToken);
            try
            {
                return await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                throw ProviderErrors.Unreachable(Name, Kind, e);
            }
        }
    }
}
