using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// The token handler of one issuer's JwtBearer scheme, remembering the tokens it has validated: a
/// browser sends the same session token with every request until it expires, and parsing it and
/// checking its signature again each time is most of what authentication costs. A remembered
/// token is trusted until the earlier of its own expiry and <see cref="MaxRemembered"/>, and only
/// while the key that signed it is still among the issuer's keys: a key the issuer retires stops
/// counting at the next key refresh, as it would without the cache. Refused tokens are not
/// remembered: each is checked in full again.
/// </summary>
public sealed class CachedTokenValidation(TimeProvider clock) : JsonWebTokenHandler, IDisposable
{
    /// <summary>How long a validated token is remembered at most.</summary>
    public static readonly TimeSpan MaxRemembered = TimeSpan.FromMinutes(5);

    /// <summary>Tokens remembered at most per issuer; beyond it the cache evicts (MemoryCache compaction).</summary>
    public const int Capacity = 10_000;

    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = Capacity, Clock = new SystemClockOn(clock) });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_validated.TryGetValue(token, out TokenValidationResult? remembered) && remembered is not null
            && StillTrusted(remembered, validationParameters)) return remembered;

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken { ValidTo: var expires } && expires != DateTime.MinValue)
        {
            var until = new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc));
            var latest = clock.GetUtcNow() + MaxRemembered;
            _validated.Set(token, result, new MemoryCacheEntryOptions
            {
                // The token's exp, not exp + clock skew: a token near its end is checked in full again.
                AbsoluteExpiration = until < latest ? until : latest,
                Size = 1,
            });
        }
        return result;
    }

    public void Dispose() => _validated.Dispose();

    /// <summary>Whether the key that signed the remembered token is among the keys JwtBearer hands over now (they are re-read on each refresh).</summary>
    private static bool StillTrusted(TokenValidationResult remembered, TokenValidationParameters parameters)
    {
        if (remembered.SecurityToken is not JsonWebToken { SigningKey: { } signedWith }) return false;
        if (Same(parameters.IssuerSigningKey, signedWith)) return true;
        return parameters.IssuerSigningKeys?.Any(k => Same(k, signedWith)) ?? false;
    }

    private static bool Same(SecurityKey? key, SecurityKey signedWith) =>
        key is not null && (ReferenceEquals(key, signedWith) || (key.KeyId is { Length: > 0 } id && id == signedWith.KeyId));

#pragma warning disable CS0618 // ISystemClock is how MemoryCache takes a clock (tests move the application's).
    private sealed class SystemClockOn(TimeProvider clock) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
#pragma warning restore CS0618
}
