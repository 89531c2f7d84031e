using System.Text.Json.Serialization;

namespace VoiceTraining.Application.Calls;

/// <summary>
/// The voice assistant configuration for one practice call, in the shape the web client passes to
/// <c>vapi.start(…)</c>, plus the attempt it belongs to.
/// </summary>
public sealed record CallConfigDto
{
    public Guid AttemptId { get; init; }
    /// <summary>The assistant's name (the scenario title).</summary>
    public string Name { get; init; } = "";
    public AssistantModelDto Model { get; init; } = new();
    public AssistantVoiceDto Voice { get; init; } = new();
    public AssistantTranscriberDto Transcriber { get; init; } = new();
    public bool RecordingEnabled { get; init; } = true;
    public bool EndCallFunctionEnabled { get; init; } = true;
    /// <summary>
    /// When the voice provider ends the call: the length at which the organization's voice settings
    /// stop a session (the circuit breaker threshold at the price per minute, capped by the longest session).
    /// </summary>
    public int MaxDurationSeconds { get; init; }
    /// <summary>Echoed back in the provider's webhooks, tying them to the attempt.</summary>
    public CallMetadataDto Metadata { get; init; } = new();
    /// <summary>Where the provider sends webhooks for this call, when configured.</summary>
    public AssistantServerDto? Server { get; init; }
}

public sealed record AssistantModelDto
{
    public string Provider { get; init; } = "";
    public string Model { get; init; } = "";
    public string SystemPrompt { get; init; } = "";
    public double Temperature { get; init; }
}

public sealed record AssistantVoiceDto
{
    public string Provider { get; init; } = "";
    public string VoiceId { get; init; } = "";
}

public sealed record AssistantTranscriberDto
{
    public string Provider { get; init; } = "deepgram";
    public string Model { get; init; } = "nova-2";
    public string Language { get; init; } = "en-US";
}

public sealed record CallMetadataDto
{
    [JsonPropertyName("scenario_id")]
    public Guid ScenarioId { get; init; }

    [JsonPropertyName("attempt_id")]
    public Guid AttemptId { get; init; }
}

public sealed record AssistantServerDto
{
    public string Url { get; init; } = "";
    /// <summary>The id of the credential stored with the voice provider that signs its webhooks.</summary>
    public string? CredentialId { get; init; }
}
