using System.Text.Json.Serialization;

namespace VoiceTraining.Application.Webhooks.RestHooks;

public sealed record RestHookDto(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("target_url")] string TargetUrl,
    [property: JsonPropertyName("event")] string Event);
