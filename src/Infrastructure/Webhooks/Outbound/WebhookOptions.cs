namespace VoiceTraining.Infrastructure.Webhooks.Outbound;

/// <summary>Outbound webhook settings (section "Webhooks").</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// Development only: lets endpoints use http:// and private or loopback addresses (local
    /// receivers). Off in production, where the SSRF guard refuses them.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
    /// <summary>The contract: a 2xx within 10 seconds is success.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How often an idle dispatcher looks for due deliveries (other instances' work, retries coming due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
    /// <summary>A claimed delivery whose dispatcher died is claimed again after this long; longer than any attempt.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);
    public int BatchSize { get; set; } = 200;
    /// <summary>Attempts in flight at once per API instance.</summary>
    public int MaxConcurrency { get; set; } = 256;
    /// <summary>
    /// Attempts in flight at once per endpoint and API instance: a slow or hanging endpoint holds
    /// at most this many of the <see cref="MaxConcurrency"/> slots (and connections to its
    /// receiver); its other due deliveries stay in the queue, unclaimed, until a slot frees up.
    /// </summary>
    public int MaxConcurrencyPerEndpoint { get; set; } = 16;
    /// <summary>How often the overdue-assignment scan runs.</summary>
    public TimeSpan OverdueScanInterval { get; set; } = TimeSpan.FromMinutes(1);
}
