using VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

namespace VoiceTraining.Infrastructure.Recordings;

/// <summary>
/// Where recordings may be fetched from. The URL comes from a webhook, so it gets the outbound
/// webhooks' SSRF guard (https only, no credentials, no internal names or blocked addresses unless
/// Recordings:AllowPrivateNetworks; addresses vetted again at connect time through
/// <see cref="Guard"/>) and, on top, Recordings:AllowedHosts. Each redirect is checked again.
/// </summary>
public sealed class RecordingUrlPolicy
{
    private readonly string[] _allowed;

    public RecordingUrlPolicy(RecordingOptions options, IHostResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(options);
        _allowed = ParseHosts(options.AllowedHosts);
        Guard = new WebhookUrlGuard(resolver, new WebhookNetworkOptions { AllowPrivateNetworks = options.AllowPrivateNetworks });
    }

    /// <summary>The guard the recording client's connections go through.</summary>
    public WebhookUrlGuard Guard { get; }

    /// <summary>The entries of Recordings:AllowedHosts, lower case, IPv6 without brackets.</summary>
    public static string[] ParseHosts(string? hosts) =>
        (hosts ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Normalize).ToArray();

    /// <summary>Null when the URL may be fetched (its addresses are vetted when connecting); otherwise why not.</summary>
    public string? WhyRefused(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var syntax = Guard.CheckSyntax(url.AbsoluteUri);
        if (!syntax.Allowed) return syntax.Reason;
        var host = Normalize(url.IdnHost);
        return IsAllowed(host) ? null : $"host {host} is not on Recordings:AllowedHosts";
    }

    private bool IsAllowed(string host)
    {
        foreach (var entry in _allowed)
        {
            if (entry == "*" || entry == host) return true;
            // *.vapi.ai: any subdomain, not vapi.ai itself.
            if (entry.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(entry[1..], StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static string Normalize(string host)
    {
        var name = host.Trim();
        if (name.Length > 1 && name[0] == '[' && name[^1] == ']') name = name[1..^1];
        return name.TrimEnd('.').ToLowerInvariant();
    }
}

/// <summary>The recording URL, or a redirect on the way, is one the policy refuses: trying again would not help.</summary>
public sealed class RecordingUrlRefusedException(string message) : RecordingDownloadException(message);
