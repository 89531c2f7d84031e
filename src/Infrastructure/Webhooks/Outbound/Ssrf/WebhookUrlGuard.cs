using System.Net;
using System.Net.Sockets;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

/// <summary>
/// Decides whether a webhook URL may be called: at registration (<see cref="CheckSyntax"/>,
/// <see cref="CheckAsync"/>) and again at connect time (<see cref="CheckHostAsync"/>, through
/// <see cref="GuardedConnection"/>), because DNS may answer differently by then.
/// </summary>
public sealed class WebhookUrlGuard(IHostResolver resolver, WebhookNetworkOptions options)
{
    private const int MaxUrlLength = 2048;

    /// <summary>Syntax only (no DNS): absolute URI; https (http only when AllowPrivateNetworks); no user-info; host present.</summary>
    /// <remarks>
    /// Reserved names (localhost, *.internal, …) and blocked IP literals are refused here too when
    /// private networks are not allowed, since neither needs DNS. Allowed IP literals come back as the address.
    /// </remarks>
    public UrlCheck CheckSyntax(string url)
    {
        if (string.IsNullOrWhiteSpace(url)) return UrlCheck.Refused("URL is required");
        if (url.Length > MaxUrlLength) return UrlCheck.Refused($"URL must be at most {MaxUrlLength} characters");
        // On Unix "/path" parses as an absolute file: URI; the scheme check below turns that away.
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return UrlCheck.Refused("URL must be absolute");

        var httpAllowed = options.AllowPrivateNetworks && uri.Scheme == Uri.UriSchemeHttp;
        if (uri.Scheme != Uri.UriSchemeHttps && !httpAllowed)
            return UrlCheck.Refused(options.AllowPrivateNetworks ? "URL must use http or https" : "URL must use https");
        if (uri.UserInfo.Length > 0) return UrlCheck.Refused("URL must not contain credentials");
        if (uri.IdnHost.Length == 0) return UrlCheck.Refused("URL must have a host");

        return VetWithoutDns(Normalize(uri.IdnHost)) ?? UrlCheck.Ok([]);
    }

    /// <summary>
    /// Syntax, then the host resolved (IP literals without DNS); every address must pass
    /// <see cref="NetworkAddressPolicy"/> unless AllowPrivateNetworks. Refused if any address is blocked or none resolve.
    /// </summary>
    public async Task<UrlCheck> CheckAsync(string url, CancellationToken cancellationToken)
    {
        var syntax = CheckSyntax(url);
        if (!syntax.Allowed || syntax.Addresses.Count > 0) return syntax;
        return await ResolveAndVetAsync(Normalize(new Uri(url.Trim(), UriKind.Absolute).IdnHost), cancellationToken);
    }

    /// <summary>For the HTTP handler: resolve and vet a host at connect time.</summary>
    public async Task<UrlCheck> CheckHostAsync(string host, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(host)) return UrlCheck.Refused("host is required");
        var name = Normalize(host);
        return VetWithoutDns(name) ?? await ResolveAndVetAsync(name, cancellationToken);
    }

    /// <summary>Refuses by name or IP literal; null when DNS has to decide.</summary>
    private UrlCheck? VetWithoutDns(string host)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            if (!options.AllowPrivateNetworks && NetworkAddressPolicy.WhyBlocked(literal) is { } reason)
                return UrlCheck.Refused($"host is {reason}");
            return UrlCheck.Ok([literal]);
        }
        if (!options.AllowPrivateNetworks && IsReservedName(host))
            return UrlCheck.Refused($"host {host} is an internal name");
        return null;
    }

    private async Task<UrlCheck> ResolveAndVetAsync(string host, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(host, cancellationToken);
        }
        catch (SocketException ex)
        {
            return UrlCheck.NotResolved($"host {host} could not be resolved ({ex.SocketErrorCode})");
        }
        catch (ArgumentException)
        {
            return UrlCheck.Refused($"host {host} is not a valid host name");
        }

        if (addresses.Length == 0) return UrlCheck.NotResolved($"host {host} has no addresses");
        if (!options.AllowPrivateNetworks)
        {
            // One bad address is enough: the client may pick any of them, and an attacker controls the order.
            foreach (var address in addresses)
                if (NetworkAddressPolicy.WhyBlocked(address) is { } reason)
                    return UrlCheck.Refused($"host {host} resolves to {reason}");
        }
        return UrlCheck.Ok(addresses.Distinct().ToArray());
    }

    /// <summary>Lower case, no IPv6 brackets, no trailing root dot ("localhost." is localhost).</summary>
    private static string Normalize(string host)
    {
        var name = host.Trim();
        if (name.Length > 1 && name[0] == '[' && name[^1] == ']') name = name[1..^1];
        return name.TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>Names that only mean something inside a network, whatever public DNS says about them.</summary>
    private static bool IsReservedName(string host) =>
        host is "localhost" or "metadata" or "instance-data"
        || host.EndsWith(".localhost", StringComparison.Ordinal)   // RFC 6761
        || host.EndsWith(".localdomain", StringComparison.Ordinal)
        || host.EndsWith(".internal", StringComparison.Ordinal)    // ICANN's private-use TLD; metadata.google.internal, ec2.internal
        || host.EndsWith(".local", StringComparison.Ordinal)       // RFC 6762 multicast DNS
        || host.EndsWith(".home.arpa", StringComparison.Ordinal);  // RFC 8375
}
