using Microsoft.IdentityModel.Tokens;

namespace VoiceTraining.Api.Authentication;

/// <summary>A trusted issuer's signing keys.</summary>
public interface ISigningKeySource
{
    /// <summary>The keys to try for a token with this key id (kid).</summary>
    ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(string? keyId, CancellationToken cancellationToken);
}

/// <summary>
/// Keys from a JWKS document, cached. An unknown kid triggers a refresh (the issuer rotated its
/// keys), at most once per <see cref="MinRefreshInterval"/> so forged kids cannot hammer the issuer.
/// </summary>
public sealed partial class JwksKeySource(HttpClient http, Uri jwksUri, TimeProvider clock, ILogger<JwksKeySource> logger) : ISigningKeySource, IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile JsonWebKey[] _keys = [];
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    public Uri JwksUri => jwksUri;

    public void Dispose() => _refresh.Dispose();

    public async ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(string? keyId, CancellationToken cancellationToken)
    {
        var keys = _keys;
        var stale = clock.GetUtcNow() - _fetchedAt > MaxAge;
        var unknownKid = keyId is not null && keys.All(k => k.KeyId != keyId);
        if (stale || unknownKid) keys = await RefreshAsync(cancellationToken);
        return keyId is null ? keys : keys.Where(k => k.KeyId == keyId).ToArray();
    }

    private async Task<JsonWebKey[]> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Another request refreshed a moment ago (or we did and the kid is still unknown).
            if (clock.GetUtcNow() - _fetchedAt < MinRefreshInterval) return _keys;
            try
            {
                var json = await http.GetStringAsync(jwksUri, cancellationToken);
                var set = new JsonWebKeySet(json);
                _keys = set.Keys.Where(k => k.Use is null or "sig").ToArray();
                LogRefreshed(logger, jwksUri, _keys.Length);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ArgumentException or System.Text.Json.JsonException)
            {
                // Keep serving the keys we have; an outage of the issuer must not sign everyone out.
                LogRefreshFailed(logger, jwksUri, ex.Message);
            }
            _fetchedAt = clock.GetUtcNow();
            return _keys;
        }
        finally
        {
            _refresh.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} signing keys from {Uri}")]
    private static partial void LogRefreshed(ILogger logger, Uri uri, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh signing keys from {Uri}: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, Uri uri, string error);
}

/// <summary>One fixed key (the local-mode signing key).</summary>
public sealed class StaticKeySource(SecurityKey key) : ISigningKeySource
{
    private readonly IReadOnlyList<SecurityKey> _keys = [key];

    public ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(string? keyId, CancellationToken cancellationToken) => ValueTask.FromResult(_keys);
}

/// <summary>
/// Supabase's keys: the project's JWT secret for HS256 tokens (which carry no kid, or a kid the
/// JWKS does not list) and its JWKS for asymmetric ones.
/// </summary>
public sealed class SupabaseKeySource(SecurityKey? secretKey, ISigningKeySource? jwks) : ISigningKeySource
{
    public async ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(string? keyId, CancellationToken cancellationToken)
    {
        if (keyId is null && secretKey is not null) return [secretKey];
        var listed = jwks is null ? [] : await jwks.GetKeysAsync(keyId, cancellationToken);
        return listed.Count > 0 || secretKey is null ? listed : [secretKey];
    }
}
