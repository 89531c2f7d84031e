using Microsoft.IdentityModel.Tokens;

namespace VoiceTraining.Api.Authentication;

/// <summary>An issuer whose tokens this API accepts, with how its keys are found and which algorithms it signs with.</summary>
public sealed record TrustedIssuer(string Issuer, ISigningKeySource Keys, IReadOnlyList<string> Algorithms, IReadOnlyList<string> AuthorizedParties);

/// <summary>The issuers this API trusts, looked up by a token's iss claim.</summary>
public sealed class TrustedIssuers(IEnumerable<TrustedIssuer> issuers)
{
    private readonly Dictionary<string, TrustedIssuer> _byIssuer = issuers.ToDictionary(i => i.Issuer, StringComparer.Ordinal);

    public TrustedIssuer? Find(string? issuer) => issuer is not null && _byIssuer.TryGetValue(issuer, out var trusted) ? trusted : null;

    public IEnumerable<TrustedIssuer> All => _byIssuer.Values;
}

/// <summary>
/// Local mode's token issuer: a key made at start-up (so tokens do not outlive the process) that
/// signs tokens for seeded members through POST /api/dev/token.
/// </summary>
public sealed class LocalTokenIssuer
{
    public const string Issuer = "urn:voicetraining:local";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public LocalTokenIssuer()
    {
        Key = new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) { KeyId = "local-" + Guid.NewGuid().ToString("N")[..8] };
    }

    public SymmetricSecurityKey Key { get; }

    public TrustedIssuer AsTrustedIssuer() => new(Issuer, new StaticKeySource(Key), [SecurityAlgorithms.HmacSha256], []);
}
