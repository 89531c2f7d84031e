using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// What happens around JwtBearer's validation for one trusted issuer: after a token validates,
/// the azp allow-list and the tenant step (<see cref="PlatformPrincipal"/>); when it fails, the
/// library's reason goes to the log and a reason in the caller's words becomes the failure; the
/// challenge says invalid_token and nothing more.
/// </summary>
public sealed partial class IssuerTokenEvents(TrustedIssuer issuer, JwksRetriever? keys, ILogger<IssuerTokenEvents> logger) : JwtBearerEvents
{
    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var token = (JsonWebToken)context.SecurityToken;
        if (!AuthorizedPartyAllowed(token))
        {
            LogRefused(logger, context.Scheme.Name, CredentialRefusal.AuthorizedPartyNotAllowed, "azp not in the allow-list");
            context.Fail(new CredentialRefusedException(CredentialRefusal.AuthorizedPartyNotAllowed));
            return;
        }
        var directory = context.HttpContext.RequestServices.GetRequiredService<ITenantDirectory>();
        context.Principal = await PlatformPrincipal.FromTokenAsync(token, issuer, directory, context.HttpContext.RequestAborted);
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        // Not the token's fault (say, the tenant directory's database is down): the handler rethrows and the API answers 503.
        if (CredentialRefusal.Describe(context.Exception, keysLoaded: keys?.KeysLoaded ?? true) is not { } reason) return Task.CompletedTask;
        LogRefused(logger, context.Scheme.Name, reason, context.Exception.Message);
        context.Fail(new CredentialRefusedException(reason));
        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        // IncludeErrorDetails is off, so no error_description carries the library's text.
        if (context.AuthenticateFailure is not null) context.Error = BearerChallenge.InvalidToken;
        return Task.CompletedTask;
    }

    /// <summary>Clerk's azp (the origin the session token was made for) against CLERK_AUTHORIZED_PARTIES; no list accepts any.</summary>
    private bool AuthorizedPartyAllowed(JsonWebToken token)
    {
        if (issuer.AuthorizedParties.Count == 0) return true;
        var azp = token.TryGetPayloadValue<string>("azp", out var value) ? value.TrimEnd('/') : null;
        return azp is not null && issuer.AuthorizedParties.Contains(azp, StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a {Scheme} token: {Reason} ({Detail})")]
    private static partial void LogRefused(ILogger logger, string scheme, string reason, string detail);
}
