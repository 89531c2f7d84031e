using Microsoft.IdentityModel.Tokens;

namespace VoiceTraining.Api.Authentication;

/// <summary>Where an issuer's tokens carry the organization and the role.</summary>
public enum ClaimsStyle
{
    /// <summary>Clerk (and local mode): org_id/role custom claims, else Clerk's o.id/o.rol or org_role.</summary>
    Clerk,
    /// <summary>
    /// Supabase Auth: app_metadata.org_id / app_metadata.role (set by the admin API), or top-level
    /// org_id / user_role from a custom access token hook. Its top-level role is the database role
    /// ("authenticated") and counts only when it names a platform role.
    /// </summary>
    Supabase,
}

/// <summary>An issuer whose tokens this API accepts, with how its keys are found, which algorithms it signs with and how its claims read.</summary>
public sealed record TrustedIssuer(string Issuer, ISigningKeySource Keys, IReadOnlyList<string> Algorithms, IReadOnlyList<string> AuthorizedParties)
{
    public ClaimsStyle Claims { get; init; } = ClaimsStyle.Clerk;
    /// <summary>The aud the tokens must carry (Supabase: "authenticated"); null when they carry none (Clerk).</summary>
    public string? Audience { get; init; }
}

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
