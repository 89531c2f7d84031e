namespace VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

/// <summary>Where outbound webhooks may go.</summary>
public sealed class WebhookNetworkOptions
{
    /// <summary>Development only: allow http:// and loopback/private targets (local receivers in tests).</summary>
    public bool AllowPrivateNetworks { get; set; }
}
