using Microsoft.IdentityModel.Tokens;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// Token lifetime checks on the application's <see cref="TimeProvider"/>, so tests can move the
/// clock. Microsoft.IdentityModel 8.23.0 keeps <c>TokenValidationParameters.TimeProvider</c>
/// internal and otherwise reads the system clock; its lifetime validator hook is the public way
/// in. The checks mirror the library's and throw its exceptions, so the 401 wording maps them alike.
/// </summary>
public static class TokenLifetime
{
    public static LifetimeValidator On(TimeProvider clock) => (notBefore, expires, _, parameters) =>
    {
        if (expires is null)
        {
            if (parameters.RequireExpirationTime) throw new SecurityTokenNoExpirationException("The token has no exp claim.");
        }
        else if (notBefore > expires)
        {
            throw new SecurityTokenInvalidLifetimeException("The token's nbf is after its exp.") { NotBefore = notBefore, Expires = expires };
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (notBefore > now + parameters.ClockSkew)
            throw new SecurityTokenNotYetValidException($"The token is not valid before {notBefore:O} (now {now:O}).") { NotBefore = notBefore.Value };
        if (expires < now - parameters.ClockSkew)
            throw new SecurityTokenExpiredException($"The token expired at {expires:O} (now {now:O}).") { Expires = expires.Value };
        return true;
    };
}
