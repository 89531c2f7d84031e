using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// The tenant step after a token validated: reads the organization and role the token carries,
/// resolves the membership through <see cref="ITenantDirectory"/> and builds the platform's
/// caller (organization, member, role), or one that says why it has no organization.
/// </summary>
public static class PlatformPrincipal
{
    /// <summary>The authentication type of a signed-in person's identity.</summary>
    public const string AuthenticationType = "Bearer";

    public static async Task<ClaimsPrincipal> FromTokenAsync(JsonWebToken token, TrustedIssuer issuer, ITenantDirectory directory, CancellationToken cancellationToken)
    {
        var identity = new ClaimsIdentity(AuthenticationType, PlatformClaims.Role, PlatformClaims.Role);
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
            var membership = await directory.ResolveAsync(org, token.Subject, cancellationToken);
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
        return new ClaimsPrincipal(identity);
    }

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
