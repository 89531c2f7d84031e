using System.Text.Json.Serialization;
using Refit;

namespace VoiceTraining.Infrastructure.Voice.Providers.OpenRouter;

/// <summary>
/// OpenRouter's REST API beside chat completions (those go through the OpenAI SDK): speech-to-text
/// (https://openrouter.ai/docs/api/api-reference/stt/create-transcription) and the key's own status
/// for the health check. The base address is OPENROUTER_API_BASE_URL (…/api/v1).
/// </summary>
public interface IOpenRouterApi
{
    /// <summary>POST /audio/transcriptions: JSON with the audio base64 in input_audio (not OpenAI's multipart form).</summary>
    [Post("/audio/transcriptions")]
    Task<HttpResponseMessage> TranscribeAsync([Body] OpenRouterTranscriptionRequest request, [Authorize("Bearer")] string apiKey, CancellationToken cancellationToken);

    /// <summary>GET /key: the key's limits and usage; 401 when the key is not valid.</summary>
    [Get("/key")]
    Task<HttpResponseMessage> GetKeyAsync([Authorize("Bearer")] string apiKey, CancellationToken cancellationToken);
}

public sealed record OpenRouterTranscriptionRequest(string Model, OpenRouterInputAudio InputAudio, string? Language);

/// <summary>The audio, base64 (raw bytes, not a data URI), and its container format ("wav").</summary>
public sealed record OpenRouterInputAudio(string Data, string Format);

public sealed record OpenRouterTranscription(string? Text);

/// <summary>GET /key's answer: {"data":{"label","limit","limit_remaining","usage",…}}.</summary>
public sealed record OpenRouterKeyStatus(OpenRouterKeyData? Data);

public sealed record OpenRouterKeyData(string? Label, decimal? Limit, decimal? LimitRemaining);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OpenRouterTranscriptionRequest))]
[JsonSerializable(typeof(OpenRouterTranscription))]
[JsonSerializable(typeof(OpenRouterKeyStatus))]
public sealed partial class OpenRouterJson : JsonSerializerContext;
