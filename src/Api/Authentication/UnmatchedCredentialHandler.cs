using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// Where the policy scheme sends what no other scheme takes: no credentials (no result, so
/// anonymous endpoints work), a bearer token that is not a JWT, and a JWT from an issuer this API
/// does not trust (both refused, saying so).
/// </summary>
public sealed class UnmatchedCredentialHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Unmatched";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(PresentedCredential.Read(Request).Kind switch
    {
        CredentialKind.NotAJwt => AuthenticateResult.Fail(new CredentialRefusedException(CredentialRefusal.NotAJwt)),
        CredentialKind.Jwt => AuthenticateResult.Fail(new CredentialRefusedException(CredentialRefusal.IssuerNotTrusted)),
        _ => AuthenticateResult.NoResult(),
    });

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        BearerChallenge.Write(Response, refused: result.Failure is not null);
    }
}

/// <summary>The 401 challenge of every scheme: RFC 6750's header, with error="invalid_token" when credentials were refused (never why: that is in the body).</summary>
internal static class BearerChallenge
{
    public const string Scheme = "Bearer";
    public const string InvalidToken = "invalid_token";

    public static void Write(HttpResponse response, bool refused)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = refused ? $"{Scheme} error=\"{InvalidToken}\"" : Scheme;
    }
}
