using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using VoiceTraining.Domain.Members;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// An integration's API key (X-Api-Key, or a bearer token shaped like a key): it acts for its
/// organization with admin reach, limited by its scopes (<see cref="ApiKeyScopeMiddleware"/>),
/// and attributed to the admin who created it.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IApiKeyAuthenticator apiKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ApiKeyAuthenticationType = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var credential = PresentedCredential.Read(Request);
        if (credential.Kind != CredentialKind.ApiKey) return AuthenticateResult.NoResult();
        var identity = await apiKeys.AuthenticateAsync(credential.Value!, Context.RequestAborted);
        if (identity is null) return AuthenticateResult.Fail(new CredentialRefusedException(CredentialRefusal.ApiKeyInvalid));
        var claims = new ClaimsIdentity(ApiKeyAuthenticationType, PlatformClaims.Role, PlatformClaims.Role);
        claims.AddClaim(new Claim(PlatformClaims.OrgId, identity.OrgId.ToString()));
        claims.AddClaim(new Claim(PlatformClaims.MemberId, identity.CreatedById.ToString()));
        claims.AddClaim(new Claim(PlatformClaims.Role, RoleNames.ToClaim(MemberRole.Admin)));
        claims.AddClaim(new Claim(PlatformClaims.ApiKeyId, identity.KeyId.ToString()));
        foreach (var scope in identity.Scopes) claims.AddClaim(new Claim(PlatformClaims.Scope, scope));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(claims), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        BearerChallenge.Write(Response, refused: result.Failure is not null);
    }
}
