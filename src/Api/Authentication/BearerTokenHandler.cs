using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// Validates bearer JWTs from the trusted issuers (Clerk session tokens; local-mode tokens) and
/// turns them into the platform's caller: organization, member and role.
/// </summary>
public sealed partial class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TrustedIssuers issuers,
    ITenantDirectory directory,
    VoiceTraining.Infrastructure.Security.ApiKeyAuthenticator apiKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";

    private static readonly JsonWebTokenHandler Tokens = new() { MapInboundClaims = false };

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string? apiKey = Request.Headers["X-Api-Key"];
        if (!string.IsNullOrEmpty(apiKey)) return await AuthenticateApiKeyAsync(apiKey.Trim());
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var raw = header["Bearer ".Length..].Trim();
        if (VoiceTraining.Infrastructure.Security.ApiKeyAuthenticator.LooksLikeKey(raw)) return await AuthenticateApiKeyAsync(raw);

        JsonWebToken unverified;
        try
        {
            unverified = Tokens.ReadJsonWebToken(raw);
        }
        catch (ArgumentException)
        {
            return AuthenticateResult.Fail("The bearer token is not a JWT.");
        }

        var issuer = issuers.Find(unverified.Issuer);
        if (issuer is null) return AuthenticateResult.Fail("The token's issuer is not trusted.");

        var keys = await issuer.Keys.GetKeysAsync(string.IsNullOrEmpty(unverified.Kid) ? null : unverified.Kid, Context.RequestAborted);
        var result = await Tokens.ValidateTokenAsync(raw, new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer,
            // Clerk session tokens carry no aud (azp is checked below); Supabase's carry "authenticated".
            ValidateAudience = issuer.Audience is not null,
            ValidAudience = issuer.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = issuer.Algorithms,
            IssuerSigningKeys = keys,
            ClockSkew = TimeSpan.FromSeconds(30),
            // The key source already chose the keys for this kid (a Supabase HS256 secret has none of its own).
            TryAllIssuerSigningKeys = true,
        });
        if (!result.IsValid)
        {
            var reason = result.Exception?.GetType().Name ?? "invalid";
            LogRejected(Logger, reason);
            return AuthenticateResult.Fail(result.Exception?.Message ?? "The token is not valid.");
        }

        var token = (JsonWebToken)result.SecurityToken;
        if (issuer.AuthorizedParties.Count > 0)
        {
            var azp = token.TryGetPayloadValue<string>("azp", out var value) ? value.TrimEnd('/') : null;
            if (azp is null || !issuer.AuthorizedParties.Contains(azp, StringComparer.Ordinal))
                return AuthenticateResult.Fail("The token's authorized party (azp) is not allowed.");
        }

        var identity = new ClaimsIdentity(SchemeName, PlatformClaims.Role, PlatformClaims.Role);
        identity.AddClaim(new Claim("sub", token.Subject ?? ""));
        identity.AddClaim(new Claim("iss", issuer.Issuer));

        var (org, role) = issuer.Claims == ClaimsStyle.Supabase ? ReadSupabaseOrganization(token) : ReadOrganization(token);
        if (org is null)
        {
            identity.AddClaim(new Claim(PlatformClaims.TenantError, "The token carries no organization (org_id or o.id). Select an organization and sign in again."));
        }
        else if (string.IsNullOrEmpty(token.Subject))
        {
            identity.AddClaim(new Claim(PlatformClaims.TenantError, "The token has no subject."));
        }
        else
        {
            var membership = await directory.ResolveAsync(org, token.Subject, Context.RequestAborted);
            if (membership is null)
                identity.AddClaim(new Claim(PlatformClaims.TenantError, "You are not a member of this organization on the platform yet."));
            else if (!membership.IsActive)
                identity.AddClaim(new Claim(PlatformClaims.TenantError, "Your membership in this organization is deactivated."));
            else
            {
                identity.AddClaim(new Claim(PlatformClaims.OrgId, membership.OrgId.ToString()));
                identity.AddClaim(new Claim(PlatformClaims.MemberId, membership.MemberId.ToString()));
                // The token's role wins (the identity provider is the authority); the stored role covers tokens without one.
                identity.AddClaim(new Claim(PlatformClaims.Role, RoleNames.ToClaim(role ?? membership.StoredRole)));
            }
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// An integration's API key: it acts for its organization with admin reach, limited by its
    /// scopes (<see cref="ApiKeyScopeMiddleware"/>), and attributed to the admin who created it.
    /// </summary>
    private async Task<AuthenticateResult> AuthenticateApiKeyAsync(string key)
    {
        var identity = await apiKeys.AuthenticateAsync(key, Context.RequestAborted);
        if (identity is null) return AuthenticateResult.Fail("The API key is not valid or was revoked.");
        var claims = new ClaimsIdentity(ApiKeyAuthenticationType, PlatformClaims.Role, PlatformClaims.Role);
        claims.AddClaim(new Claim(PlatformClaims.OrgId, identity.OrgId.ToString()));
        claims.AddClaim(new Claim(PlatformClaims.MemberId, identity.CreatedById.ToString()));
        claims.AddClaim(new Claim(PlatformClaims.Role, RoleNames.ToClaim(MemberRole.Admin)));
        claims.AddClaim(new Claim(PlatformClaims.ApiKeyId, identity.KeyId.ToString()));
        foreach (var scope in identity.Scopes) claims.AddClaim(new Claim(PlatformClaims.Scope, scope));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(claims), SchemeName));
    }

    public const string ApiKeyAuthenticationType = "ApiKey";

    /// <summary>
    /// The organization and role: the custom claims org_id/role (the integration document's JWT
    /// template), else Clerk's v2 compact org claim o = {id, rol, slg}.
    /// </summary>
    internal static (string? Org, MemberRole? Role) ReadOrganization(JsonWebToken token)
    {
        string? org = token.TryGetPayloadValue<string>("org_id", out var orgId) && !string.IsNullOrWhiteSpace(orgId) ? orgId : null;
        string? role = token.TryGetPayloadValue<string>("role", out var r) && !string.IsNullOrWhiteSpace(r) ? r : null;
        if (org is null || role is null)
        {
            using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
            if (payload.RootElement.TryGetProperty("o", out var o) && o.ValueKind == JsonValueKind.Object)
            {
                if (org is null && o.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String) org = id.GetString();
                if (role is null && o.TryGetProperty("rol", out var rol) && rol.ValueKind == JsonValueKind.String) role = rol.GetString();
            }
            // Clerk v1 tokens name the active organization org_role.
            if (role is null && token.TryGetPayloadValue<string>("org_role", out var orgRole)) role = orgRole;
        }
        return (org, RoleNames.Parse(role));
    }

    /// <summary>
    /// Supabase Auth tokens: org_id and role in app_metadata (only the service role can write it),
    /// else the top-level org_id and user_role a custom access token hook adds. The top-level role is
    /// Postgres's ("authenticated") and is used only when it is one of the platform's role names.
    /// </summary>
    internal static (string? Org, MemberRole? Role) ReadSupabaseOrganization(JsonWebToken token)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
        var root = payload.RootElement;
        static string? Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString() : null;
        var app = root.TryGetProperty("app_metadata", out var a) ? a : default;
        var org = Str(app, "org_id") ?? Str(root, "org_id");
        var role = RoleNames.Parse(Str(app, "role")) ?? RoleNames.Parse(Str(root, "user_role")) ?? RoleNames.Parse(Str(root, "role"));
        return (org, role);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a bearer token: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}

/// <summary>Claim types of the platform's own principal.</summary>
public static class PlatformClaims
{
    public const string OrgId = "vt:org_id";
    public const string MemberId = "vt:member_id";
    public const string Role = "vt:role";
    /// <summary>Why the caller has no usable organization; shown in the 403.</summary>
    public const string TenantError = "vt:tenant_error";
    /// <summary>Set when the caller is an API key: its id (rate limits are per key).</summary>
    public const string ApiKeyId = "vt:api_key_id";
    /// <summary>An API key's scopes (read, write).</summary>
    public const string Scope = "vt:scope";
}

/// <summary>Role names as tokens carry them.</summary>
public static class RoleNames
{
    public const string Admin = "admin";
    public const string Manager = "manager";
    public const string Trainee = "trainee";

    public static string ToClaim(MemberRole role) => role switch
    {
        MemberRole.Admin => Admin,
        MemberRole.Manager => Manager,
        _ => Trainee,
    };

    /// <summary>See <see cref="MemberRoles.Parse"/>.</summary>
    public static MemberRole? Parse(string? value) => MemberRoles.Parse(value);
}
