namespace VoiceTraining.Api.Authentication;

/// <summary>
/// Voice local mode: Development with no Vapi keys. Calls are simulated (POST /api/dev/simulate-call),
/// and their webhooks are authenticated with a secret made at start-up that only this process knows.
/// </summary>
public sealed class LocalVoiceMode
{
    public LocalVoiceMode(bool enabled)
    {
        Enabled = enabled;
        WebhookSecret = enabled ? "local_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)) : null;
    }

    public bool Enabled { get; }
    public string? WebhookSecret { get; }
}
