using System.Net;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

/// <summary>
/// The outcome of vetting a webhook target: refused with a reason, or allowed with the addresses
/// that were vetted (empty when only the syntax was checked).
/// </summary>
public sealed record UrlCheck(bool Allowed, string? Reason, IReadOnlyList<IPAddress> Addresses)
{
    /// <summary>Refused only because the name did not resolve (now): DNS may answer later, unlike a blocked address.</summary>
    public bool Unresolved { get; init; }

    public static UrlCheck Refused(string reason) => new(false, reason, []);

    public static UrlCheck NotResolved(string reason) => new(false, reason, []) { Unresolved = true };

    public static UrlCheck Ok(IReadOnlyList<IPAddress> addresses) => new(true, null, addresses);
}
