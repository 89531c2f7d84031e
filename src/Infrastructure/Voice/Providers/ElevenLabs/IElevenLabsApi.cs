using System.Text.Json.Serialization;
using Refit;

namespace VoiceTraining.Infrastructure.Voice.Providers.ElevenLabs;

/// <summary>
/// ElevenLabs' REST API, as far as the voice pipeline uses it
/// (https://elevenlabs.io/docs/api-reference/text-to-speech/stream): streaming synthesis and the
/// account for the health check. The key goes in xi-api-key.
/// </summary>
public interface IElevenLabsApi
{
    /// <summary>
    /// POST /v1/text-to-speech/{voice_id}/stream?output_format=…: the audio bytes come back as they are
    /// made. Refit hands the response over once the headers are in, so the body is read as a stream.
    /// </summary>
    [Post("/v1/text-to-speech/{voiceId}/stream")]
    Task<HttpResponseMessage> StreamSpeechAsync(string voiceId, [Query, AliasAs("output_format")] string outputFormat, [Body] ElevenLabsSpeech body,
        [Header("xi-api-key")] string apiKey, CancellationToken cancellationToken);

    /// <summary>GET /v1/user: the account and its subscription (characters used and allowed).</summary>
    [Get("/v1/user")]
    Task<HttpResponseMessage> GetUserAsync([Header("xi-api-key")] string apiKey, CancellationToken cancellationToken);
}

/// <summary>The synthesis body: text, model_id and optional voice_settings.</summary>
public sealed record ElevenLabsSpeech(string Text, string ModelId, ElevenLabsVoiceSettings? VoiceSettings);

public sealed record ElevenLabsVoiceSettings(double Stability, double SimilarityBoost);

public sealed record ElevenLabsUser(ElevenLabsSubscription? Subscription);

public sealed record ElevenLabsSubscription(long? CharacterCount, long? CharacterLimit);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ElevenLabsSpeech))]
[JsonSerializable(typeof(ElevenLabsUser))]
public sealed partial class ElevenLabsJson : JsonSerializerContext;
