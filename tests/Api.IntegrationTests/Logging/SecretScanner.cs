using System.Text.RegularExpressions;

namespace VoiceTraining.Api.IntegrationTests.Logging;

/// <summary>
/// Finds credentials in log text: the shapes of the tokens and keys the product handles (JWTs,
/// bearer headers, our API keys, webhook signing secrets, Stripe/Resend/Mailgun keys, passwords in
/// connection strings) and any literal secret the instances under test were configured with.
/// </summary>
public sealed partial class SecretScanner(IEnumerable<string> knownSecrets)
{
    private readonly string[] _knownSecrets = knownSecrets.Where(s => s.Length >= 8).Distinct(StringComparer.Ordinal).ToArray();

    public sealed record Finding(string Kind, string Excerpt);

    private static readonly (string Kind, Regex Pattern)[] Shapes =
    [
        // header.payload.signature, each base64url; "eyJ" is the encoding of '{"'.
        ("JWT", Jwt()),
        ("bearer credential", Bearer()),
        ("API key", ApiKey()),
        ("webhook signing secret", WebhookSecret()),
        ("Stripe secret key", StripeKey()),
        ("Resend API key", ResendKey()),
        ("Mailgun API key", MailgunKey()),
        ("connection-string password", Password()),
        ("URL credentials", UrlCredentials()),
    ];

    public IReadOnlyList<Finding> Scan(string line)
    {
        List<Finding>? findings = null;
        foreach (var (kind, pattern) in Shapes)
        {
            foreach (Match match in pattern.Matches(line))
                (findings ??= []).Add(new Finding(kind, Redact(match.Value)));
        }
        foreach (var secret in _knownSecrets)
        {
            if (line.Contains(secret, StringComparison.Ordinal)) (findings ??= []).Add(new Finding("configured secret", Redact(secret)));
        }
        return findings ?? (IReadOnlyList<Finding>)[];
    }

    /// <summary>Enough of the value to find it, not enough to use it.</summary>
    private static string Redact(string value) => value.Length <= 12 ? value[..4] + "…" : value[..10] + "…(" + value.Length + " chars)";

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{16,}")]
    private static partial Regex Bearer();

    // vtk_<id>_<secret>: the id alone (vtk_<id>) names a key and may be logged; the secret part may not.
    [GeneratedRegex(@"vtk_[A-Za-z0-9]+_[A-Za-z0-9_-]{16,}")]
    private static partial Regex ApiKey();

    [GeneratedRegex(@"whsec_[A-Za-z0-9+/=]{16,}")]
    private static partial Regex WebhookSecret();

    [GeneratedRegex(@"\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{8,}")]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"\bre_[A-Za-z0-9]{8,}_[A-Za-z0-9]{8,}")]
    private static partial Regex ResendKey();

    [GeneratedRegex(@"\bkey-[0-9a-f]{24,}")]
    private static partial Regex MailgunKey();

    [GeneratedRegex(@"(?i)\bpassword\s*=\s*(?!;|\s|$|\*)[^;\s""']+")]
    private static partial Regex Password();

    [GeneratedRegex(@"(?i)\b(?:postgres(?:ql)?|https?)://[^/\s:@]+:[^/\s@]+@")]
    private static partial Regex UrlCredentials();
}
