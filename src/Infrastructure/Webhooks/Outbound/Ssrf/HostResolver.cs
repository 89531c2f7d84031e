using System.Net;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

/// <summary>Turns a host name into addresses; a seam so tests can play DNS (including a rebinding one).</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver.</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
