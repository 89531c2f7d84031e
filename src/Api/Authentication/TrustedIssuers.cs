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

/// <summary>
/// An issuer whose tokens this API accepts, validated by its own JwtBearer scheme: where its keys
/// are (a JWKS document, a fixed key, or both), which algorithms it signs with and how its claims read.
/// </summary>
public sealed record TrustedIssuer(string Scheme, string Issuer, IReadOnlyList<string> Algorithms)
{
    /// <summary>The issuer's JWKS document; null when it has only <see cref="StaticKey"/>.</summary>
    public Uri? JwksUri { get; init; }
    /// <summary>A key that is not in the JWKS: Supabase's HS256 JWT secret, the local-mode key.</summary>
    public SecurityKey? StaticKey { get; init; }
    /// <summary>Accepted values of the token's azp claim; empty accepts any (and none).</summary>
    public IReadOnlyList<string> AuthorizedParties { get; init; } = [];
    public ClaimsStyle Claims { get; init; } = ClaimsStyle.Clerk;
    /// <summary>The aud the tokens must carry (Supabase: "authenticated"); null when they carry none (Clerk).</summary>
    public string? Audience { get; init; }
}

/// <summary>The issuers this API trusts, looked up by a token's iss claim to choose the scheme that validates it.</summary>
public sealed class TrustedIssuers(IEnumerable<TrustedIssuer> issuers)
{
    private readonly Dictionary<string, TrustedIssuer> _byIssuer = issuers.ToDictionary(i => i.Issuer, StringComparer.Ordinal);

    public TrustedIssuer? Find(string? issuer) => issuer is not null && _byIssuer.TryGetValue(issuer, out var trusted) ? trusted : null;

    public IEnumerable<TrustedIssuer> All => _byIssuer.Values;

    /// <summary>Clerk when configured, Supabase when configured, and the local issuer in local mode.</summary>
    public static TrustedIssuers From(IdentitySettings identity, LocalMode localMode, LocalTokenIssuer localIssuer)
    {
        var trusted = new List<TrustedIssuer>();
        if (identity.ClerkConfigured)
        {
            trusted.Add(new TrustedIssuer(IssuerSchemes.Clerk, identity.ClerkIssuer!, [SecurityAlgorithms.RsaSha256])
            {
                JwksUri = identity.ClerkJwksUrl,
                AuthorizedParties = identity.AuthorizedParties,
            });
        }
        if (identity.SupabaseConfigured)
        {
            // HS256 with the project's JWT secret (the legacy signing scheme) beside the project's asymmetric keys.
            trusted.Add(new TrustedIssuer(IssuerSchemes.Supabase, identity.SupabaseIssuer!,
                [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256])
            {
                JwksUri = identity.SupabaseJwksUrl,
                StaticKey = identity.SupabaseJwtSecret is { } secret ? new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(secret)) : null,
                Claims = ClaimsStyle.Supabase,
                Audience = "authenticated",
            });
        }
        if (localMode.Enabled)
            trusted.Add(new TrustedIssuer(IssuerSchemes.Local, LocalTokenIssuer.Issuer, [SecurityAlgorithms.HmacSha256]) { StaticKey = localIssuer.Key });
        return new TrustedIssuers(trusted);
    }
}
