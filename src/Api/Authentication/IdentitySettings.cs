using System.Text;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// Who may sign tokens for this API, read from the environment variables the integration
/// documents name (plus CLERK_ISSUER / CLERK_JWKS_URL / CLERK_AUTHORIZED_PARTIES for explicit setups).
/// </summary>
public sealed class IdentitySettings
{
    /// <summary>The Clerk instance's issuer (its Frontend API URL), e.g. https://clerk.example.com.</summary>
    public string? ClerkIssuer { get; init; }
    /// <summary>Where the issuer's keys are; defaults to {issuer}/.well-known/jwks.json.</summary>
    public Uri? ClerkJwksUrl { get; init; }
    /// <summary>Accepted values of the token's azp claim (the app origins); empty accepts any.</summary>
    public IReadOnlyList<string> AuthorizedParties { get; init; } = [];

    public bool ClerkConfigured => !string.IsNullOrWhiteSpace(ClerkIssuer);

    /// <summary>Supabase Auth's issuer, {SUPABASE_URL}/auth/v1, when Supabase sign-in is configured.</summary>
    public string? SupabaseIssuer { get; init; }
    /// <summary>The project's JWT secret (HS256 tokens; the legacy signing scheme).</summary>
    public string? SupabaseJwtSecret { get; init; }
    /// <summary>The project's JWKS (asymmetric signing keys); defaults to {issuer}/.well-known/jwks.json.</summary>
    public Uri? SupabaseJwksUrl { get; init; }

    public bool SupabaseConfigured => !string.IsNullOrWhiteSpace(SupabaseIssuer);

    /// <summary>Any external identity provider: then local mode's sign-in is off.</summary>
    public bool AnyProviderConfigured => ClerkConfigured || SupabaseConfigured;

    public static IdentitySettings FromConfiguration(IConfiguration configuration)
    {
        var issuer = configuration["CLERK_ISSUER"];
        if (string.IsNullOrWhiteSpace(issuer))
            issuer = IssuerFromPublishableKey(configuration["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"] ?? configuration["VITE_CLERK_PUBLISHABLE_KEY"]);
        issuer = issuer?.Trim().TrimEnd('/');
        var jwks = configuration["CLERK_JWKS_URL"];
        var supabaseUrl = configuration["SUPABASE_URL"]?.Trim().TrimEnd('/');
        var supabaseIssuer = string.IsNullOrWhiteSpace(supabaseUrl) ? null : $"{supabaseUrl}/auth/v1";
        var supabaseJwks = configuration["SUPABASE_JWKS_URL"];
        return new IdentitySettings
        {
            SupabaseIssuer = supabaseIssuer,
            SupabaseJwtSecret = string.IsNullOrWhiteSpace(configuration["SUPABASE_JWT_SECRET"]) ? null : configuration["SUPABASE_JWT_SECRET"]!.Trim(),
            SupabaseJwksUrl = !string.IsNullOrWhiteSpace(supabaseJwks) ? new Uri(supabaseJwks)
                : supabaseIssuer is null ? null : new Uri($"{supabaseIssuer}/.well-known/jwks.json"),
            ClerkIssuer = string.IsNullOrWhiteSpace(issuer) ? null : issuer,
            ClerkJwksUrl = !string.IsNullOrWhiteSpace(jwks) ? new Uri(jwks)
                : string.IsNullOrWhiteSpace(issuer) ? null : new Uri($"{issuer}/.well-known/jwks.json"),
            AuthorizedParties = (configuration["CLERK_AUTHORIZED_PARTIES"] ?? "")
                .Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => p.TrimEnd('/')).ToArray(),
        };
    }

    /// <summary>
    /// A Clerk publishable key is "pk_test_" or "pk_live_" + base64("{frontend-api-host}$"); the
    /// issuer of its session tokens is https://{that host}.
    /// </summary>
    public static string? IssuerFromPublishableKey(string? publishableKey)
    {
        if (string.IsNullOrWhiteSpace(publishableKey)) return null;
        var parts = publishableKey.Trim().Split('_', 3);
        if (parts.Length != 3 || parts[0] != "pk") return null;
        try
        {
            var b64 = parts[2].PadRight(parts[2].Length + (4 - parts[2].Length % 4) % 4, '=');
            var host = Encoding.UTF8.GetString(Convert.FromBase64String(b64)).TrimEnd('$');
            return Uri.CheckHostName(host.Split(':')[0]) == UriHostNameType.Unknown ? null : $"https://{host}";
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
