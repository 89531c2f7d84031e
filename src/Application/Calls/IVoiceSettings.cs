namespace VoiceTraining.Application.Calls;

/// <summary>How calls are configured (from VAPI_* settings).</summary>
public interface IVoiceSettings
{
    /// <summary>The LLM provider and model the AI buyer runs on, e.g. "openai" / "gpt-4o".</summary>
    string ModelProvider { get; }
    string Model { get; }
    double Temperature { get; }
    /// <summary>Where the voice provider sends server messages (this API's /api/webhooks/vapi), when configured.</summary>
    string? ServerUrl { get; }
    /// <summary>The provider-side credential that authenticates those messages (never the secret itself).</summary>
    string? ServerCredentialId { get; }
    /// <summary>The voice provider's public key for the browser SDK, when configured (never the private key).</summary>
    string? PublicKey { get; }
}
