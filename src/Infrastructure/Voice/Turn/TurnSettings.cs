using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.Extensions.Configuration;
using VoiceTraining.Infrastructure.Configuration;

namespace VoiceTraining.Infrastructure.Voice.Turn;

/// <summary>
/// The ICE servers offered to voice sessions: TURN_SERVER_URL (one or more <c>turn:</c>/<c>turns:</c>
/// URIs, comma-separated) with TURN_SHARED_SECRET (coturn's <c>static-auth-secret</c>, for
/// <c>use-auth-secret</c>), TURN_CREDENTIAL_TTL_SECONDS, and STUN_SERVER_URL (<c>stun:</c>/<c>stuns:</c> URIs).
/// No TURN_SERVER_URL: local mode, no TURN server.
/// </summary>
public sealed class TurnSettings
{
    public IReadOnlyList<string> TurnUrls { get; set; } = [];
    public string? SharedSecret { get; set; }
    /// <summary>How long minted credentials are valid; unset: as long as the session token (the longest session and a margin).</summary>
    public int? CredentialTtlSeconds { get; set; }
    public IReadOnlyList<string> StunUrls { get; set; } = [];

    public bool TurnConfigured => TurnUrls.Count > 0;

    public static void ReadEnvironment(TurnSettings settings, IConfiguration c)
    {
        settings.TurnUrls = List(c.First("TURN_SERVER_URL"));
        settings.SharedSecret = c.First("TURN_SHARED_SECRET");
        settings.CredentialTtlSeconds = c.First("TURN_CREDENTIAL_TTL_SECONDS") is null ? null : c.Typed<int?>("TURN_CREDENTIAL_TTL_SECONDS", null);
        settings.StunUrls = List(c.First("STUN_SERVER_URL"));
    }

    private static string[] List(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Checked at start: URIs in the form of RFC 7064/7065, and a secret exactly when there is a TURN server.</summary>
public sealed partial class TurnSettingsValidator : AbstractValidator<TurnSettings>
{
    public TurnSettingsValidator()
    {
        RuleForEach(s => s.TurnUrls).Must(url => IceUri().Match(url) is { Success: true } m && m.Groups["scheme"].Value.StartsWith("turn", StringComparison.Ordinal))
            .WithMessage("TURN_SERVER_URL must list turn: or turns: URIs such as turn:turn.example.com:3478 (comma-separated), not '{PropertyValue}'.");
        RuleForEach(s => s.StunUrls).Must(url => IceUri().Match(url) is { Success: true } m && m.Groups["scheme"].Value.StartsWith("stun", StringComparison.Ordinal))
            .WithMessage("STUN_SERVER_URL must list stun: or stuns: URIs such as stun:stun.example.com:3478 (comma-separated), not '{PropertyValue}'.");
        RuleFor(s => s.SharedSecret).Must(secret => secret is { Length: >= 16 })
            .When(s => s.TurnConfigured)
            .WithMessage("TURN_SHARED_SECRET must be set, at least 16 characters, when TURN_SERVER_URL is (the TURN server's static-auth-secret).");
        RuleFor(s => s.SharedSecret).Null()
            .When(s => !s.TurnConfigured)
            .WithMessage("TURN_SHARED_SECRET is set but TURN_SERVER_URL is not: set both, or neither for local mode.");
        RuleFor(s => s.CredentialTtlSeconds!.Value).InclusiveBetween(60, 7 * 24 * 3600)
            .When(s => s.CredentialTtlSeconds is not null)
            .OverridePropertyName(nameof(TurnSettings.CredentialTtlSeconds))
            .WithMessage("TURN_CREDENTIAL_TTL_SECONDS must be between 60 and 604800 seconds, not {PropertyValue}.");
    }

    // scheme ":" host [ ":" port ] [ "?transport=" udp / tcp ], the host a name, IPv4 or bracketed IPv6.
    [GeneratedRegex(@"^(?<scheme>turns?|stuns?):(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?(\?transport=(udp|tcp))?$")]
    private static partial Regex IceUri();
}
