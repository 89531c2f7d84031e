using Microsoft.IdentityModel.Tokens;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// Why credentials were refused, in words for the caller. The only failure whose message the 401
/// body repeats; the library's own messages (IDX codes, key ids) go to the log.
/// </summary>
public sealed class CredentialRefusedException(string reason) : Exception(reason);

/// <summary>The reasons a credential is refused, and the mapping from the token library's failures to them.</summary>
public static class CredentialRefusal
{
    public const string NotAJwt = "The bearer token is not a JWT.";
    public const string IssuerNotTrusted = "The token's issuer is not trusted.";
    public const string Expired = "The token has expired.";
    public const string NotYetValid = "The token is not valid yet.";
    public const string NoExpiry = "The token has no expiry time.";
    public const string InvalidLifetime = "The token's validity period is not valid.";
    public const string WrongAudience = "The token is meant for another audience.";
    public const string UnknownKey = "The token is signed with a key its issuer does not publish.";
    public const string BadSignature = "The token's signature is not valid.";
    public const string AlgorithmNotAllowed = "The token is signed with an algorithm this API does not accept.";
    public const string AuthorizedPartyNotAllowed = "The token's authorized party (azp) is not allowed.";
    public const string KeysUnavailable = "The issuer's signing keys could not be loaded; try again shortly.";
    public const string Invalid = "The token is not valid.";
    public const string ApiKeyInvalid = "The API key is not valid or was revoked.";

    /// <summary>
    /// The reason for a failure of token validation; null when the failure is not the token's (a
    /// database outage in the tenant step stays an error). Order matters: the expired,
    /// not-yet-valid and unknown-key exceptions derive from the broader lifetime and signature ones.
    /// </summary>
    /// <param name="failure">What the token library or a check after it threw.</param>
    /// <param name="keysLoaded">False while the issuer's keys were never loaded: then no key is known.</param>
    public static string? Describe(Exception failure, bool keysLoaded = true) => failure switch
    {
        AggregateException { InnerExceptions.Count: > 0 } all => Describe(all.InnerExceptions[0], keysLoaded),
        CredentialRefusedException refused => refused.Message,
        SecurityTokenExpiredException => Expired,
        SecurityTokenNotYetValidException => NotYetValid,
        SecurityTokenNoExpirationException => NoExpiry,
        SecurityTokenInvalidLifetimeException => InvalidLifetime,
        SecurityTokenInvalidIssuerException => IssuerNotTrusted,
        SecurityTokenInvalidAudienceException => WrongAudience,
        SecurityTokenInvalidAlgorithmException => AlgorithmNotAllowed,
        SecurityTokenSignatureKeyNotFoundException when !keysLoaded => KeysUnavailable,
        SecurityTokenSignatureKeyNotFoundException => UnknownKey,
        SecurityTokenInvalidSignatureException => BadSignature,
        SecurityTokenArgumentException => NotAJwt,
        SecurityTokenException => Invalid,
        _ => null,
    };
}
