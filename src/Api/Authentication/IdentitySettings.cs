using System.Text;
using VoiceTraining.Application.Common.Settings;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// Who may sign tokens for this API, read from the environment variables the integration
/// documents name (plus CLERK_ISSUER / CLERK_JWKS_URL / CLERK_AUTHORIZED_PARTIES for explicit setups).
/// </summary>
public sealed class IdentitySettings
{
    /// <summary>The Clerk publishable key the web app signs in with; unless CLERK_ISSUER is set, its encoded host is the issuer.</summary>
    public string? ClerkPublishableKey { get; set; }
    /// <summary>The Clerk instance's issuer (its Frontend API URL), e.g. https://clerk.example.com.</summary>
    public string? ClerkIssuer { get; set; }
    /// <summary>Where the issuer's keys are; defaults to {issuer}/.well-known/jwks.json.</summary>
    public Uri? ClerkJwksUrl { get; set; }
    /// <summary>Accepted values of the token's azp claim (the app origins); empty accepts any.</summary>
    public IReadOnlyList<string> AuthorizedParties { get; set; } = [];

    public bool ClerkConfigured => !string.IsNullOrWhiteSpace(ClerkIssuer);

    /// <summary>Supabase Auth's issuer, {SUPABASE_URL}/auth/v1, when Supabase sign-in is configured.</summary>
    public string? SupabaseIssuer { get; set; }
    /// <summary>The project's JWT secret (HS256 tokens; the legacy signing scheme).</summary>
    public string? SupabaseJwtSecret { get; set; }
    /// <summary>The project's JWKS (asymmetric signing keys); defaults to {issuer}/.well-known/jwks.json.</summary>
    public Uri? SupabaseJwksUrl { get; set; }

    public bool SupabaseConfigured => !string.IsNullOrWhiteSpace(SupabaseIssuer);

    /// <summary>Any external identity provider: then local mode's sign-in is off.</summary>
    public bool AnyProviderConfigured => ClerkConfigured || SupabaseConfigured;

    /// <summary>
    /// The flat names onto the settings (identity has no section), and the defaults that follow from
    /// them. A URL that does not parse is kept as a relative <see cref="Uri"/>, so that
    /// <see cref="IdentitySettingsValidator"/> refuses it by its variable's name.
    /// </summary>
    public static void ReadEnvironment(IdentitySettings settings, IConfiguration configuration)
    {
        string? Value(string key) => string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key]!.Trim();
        settings.ClerkPublishableKey = Value("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY") ?? Value("VITE_CLERK_PUBLISHABLE_KEY");
        var issuer = (Value("CLERK_ISSUER") ?? IssuerFromPublishableKey(settings.ClerkPublishableKey))?.TrimEnd('/');
        settings.ClerkIssuer = string.IsNullOrEmpty(issuer) ? null : issuer;
        settings.ClerkJwksUrl = Value("CLERK_JWKS_URL") is { } jwks ? AsUri(jwks) : DefaultJwks(settings.ClerkIssuer);
        settings.AuthorizedParties = (Value("CLERK_AUTHORIZED_PARTIES") ?? "")
            .Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.TrimEnd('/')).ToArray();

        var supabaseUrl = Value("SUPABASE_URL")?.TrimEnd('/');
        settings.SupabaseIssuer = string.IsNullOrEmpty(supabaseUrl) ? null : $"{supabaseUrl}/auth/v1";
        settings.SupabaseJwtSecret = Value("SUPABASE_JWT_SECRET");
        settings.SupabaseJwksUrl = Value("SUPABASE_JWKS_URL") is { } supabaseJwks ? AsUri(supabaseJwks) : DefaultJwks(settings.SupabaseIssuer);
    }

    /// <summary>{issuer}/.well-known/jwks.json, for an issuer that is a URL (any other is the validator's to report).</summary>
    private static Uri? DefaultJwks(string? issuer) =>
        issuer is not null && SettingRules.IsHttpUrl(issuer) ? new Uri($"{issuer}/.well-known/jwks.json") : null;

    private static Uri AsUri(string value) =>
        Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out var uri) ? uri : new Uri(Uri.EscapeDataString(value), UriKind.Relative);

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
