using System.Net;
using System.Net.Sockets;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

/// <summary>
/// Which addresses an outbound webhook may reach: public unicast only. Special-purpose ranges
/// (RFC 6890 and the IANA registries) are listed by name so a refusal can say what was hit, and
/// IPv6 forms that carry an IPv4 address are judged by that address.
/// </summary>
public static class NetworkAddressPolicy
{
    private static readonly (IPNetwork Network, string Name)[] IPv4Blocked =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "this-network"),                  // RFC 791: "this host"; 0.0.0.0 reaches localhost on Linux
        (IPNetwork.Parse("10.0.0.0/8"), "private"),                      // RFC 1918
        (IPNetwork.Parse("100.64.0.0/10"), "carrier-grade NAT"),         // RFC 6598 (also some clouds' metadata, e.g. 100.100.100.200)
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),                    // RFC 1122
        (IPNetwork.Parse("169.254.169.254/32"), "cloud metadata"),       // AWS, GCP, Azure instance metadata; named before its /16
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),               // RFC 3927
        (IPNetwork.Parse("172.16.0.0/12"), "private"),                   // RFC 1918
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignment"),   // RFC 6890
        (IPNetwork.Parse("192.0.2.0/24"), "documentation (TEST-NET-1)"), // RFC 5737
        (IPNetwork.Parse("192.88.99.0/24"), "6to4 relay anycast"),       // RFC 3068 (deprecated by RFC 7526)
        (IPNetwork.Parse("192.168.0.0/16"), "private"),                  // RFC 1918
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),              // RFC 2544
        (IPNetwork.Parse("198.51.100.0/24"), "documentation (TEST-NET-2)"), // RFC 5737
        (IPNetwork.Parse("203.0.113.0/24"), "documentation (TEST-NET-3)"),  // RFC 5737
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),                   // RFC 5771
        (IPNetwork.Parse("255.255.255.255/32"), "broadcast"),            // RFC 919; named before its /4
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),                    // RFC 1112 class E
    ];

    private static readonly (IPNetwork Network, string Name)[] IPv6Blocked =
    [
        (IPNetwork.Parse("::/128"), "unspecified"),                      // RFC 4291
        (IPNetwork.Parse("::1/128"), "loopback"),                        // RFC 4291
        (IPNetwork.Parse("64:ff9b:1::/48"), "local-use NAT64"),          // RFC 8215: translates into private networks
        (IPNetwork.Parse("100::/64"), "discard-only"),                   // RFC 6666
        (IPNetwork.Parse("2001::/32"), "Teredo"),                        // RFC 4380: the embedded IPv4 is obfuscated, so refuse it all
        (IPNetwork.Parse("2001:2::/48"), "benchmarking"),                // RFC 5180
        (IPNetwork.Parse("2001:db8::/32"), "documentation"),             // RFC 3849
        (IPNetwork.Parse("3fff::/20"), "documentation"),                 // RFC 9637
        (IPNetwork.Parse("fc00::/7"), "unique local"),                   // RFC 4193 (includes AWS metadata fd00:ec2::254)
        (IPNetwork.Parse("fe80::/10"), "link-local"),                    // RFC 4291
        (IPNetwork.Parse("fec0::/10"), "site-local"),                    // RFC 3879 (deprecated, still routed by some stacks)
        (IPNetwork.Parse("ff00::/8"), "multicast"),                      // RFC 4291
    ];

    // Everything routable on the IPv6 internet is allocated from 2000::/3; anything else that is not
    // one of the IPv4-carrying forms below is not a public unicast address.
    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");     // RFC 6052 well-known prefix
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");    // RFC 3056
    private static readonly IPNetwork IPv4Compatible = IPNetwork.Parse("::/96");   // RFC 4291, deprecated

    /// <summary>Null when the address is a public unicast address; otherwise a short human reason, e.g. "loopback address 127.0.0.1".</summary>
    public static string? WhyBlocked(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => WhyBlockedIPv4(address),
            AddressFamily.InterNetworkV6 => WhyBlockedIPv6(address),
            _ => $"unsupported address {address}",
        };
    }

    private static string? WhyBlockedIPv4(IPAddress address)
    {
        foreach (var (network, name) in IPv4Blocked)
            if (network.Contains(address)) return $"{name} address {address}";
        return null;
    }

    private static string? WhyBlockedIPv6(IPAddress address)
    {
        foreach (var (network, name) in IPv6Blocked)
            if (network.Contains(address)) return $"{name} address {address}";

        if (Embedded(address) is var (form, ipv4))
        {
            // The connection ends up at the IPv4 address (the OS maps it, or a translator forwards it).
            if (WhyBlockedIPv4(ipv4) is { } reason) return $"{reason} ({form} {address})";
            // Nothing routes IPv4-compatible addresses any more; the others reach the public IPv4 address.
            return form == "IPv4-compatible" ? $"deprecated IPv4-compatible address {address}" : null;
        }

        return GlobalUnicast.Contains(address) ? null : $"non-global address {address}";
    }

    /// <summary>The IPv4 address carried inside an IPv6 one, with the name of the form.</summary>
    private static (string Form, IPAddress IPv4)? Embedded(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return ("IPv4-mapped", address.MapToIPv4());
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address)) return ("NAT64", new IPAddress(bytes.AsSpan(12, 4)));
        if (SixToFour.Contains(address)) return ("6to4", new IPAddress(bytes.AsSpan(2, 4)));
        // :: and ::1 were caught by the table above.
        if (IPv4Compatible.Contains(address)) return ("IPv4-compatible", new IPAddress(bytes.AsSpan(12, 4)));
        return null;
    }
}
