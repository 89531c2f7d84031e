using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>An RSA signing key with its key id, as an identity provider holds it.</summary>
public sealed class SigningKey : IDisposable
{
    private readonly RSA _rsa;

    public SigningKey(string? keyId = null)
    {
        _rsa = RSA.Create(2048);
        KeyId = keyId ?? "kid-" + Guid.NewGuid().ToString("N")[..10];
        SecurityKey = new RsaSecurityKey(_rsa) { KeyId = KeyId };
    }

    public string KeyId { get; }
    public RsaSecurityKey SecurityKey { get; }

    /// <summary>The public half as a JWK (kty, n, e, kid, use, alg).</summary>
    public Dictionary<string, object> PublicJwk()
    {
        var publicKey = new RsaSecurityKey(_rsa.ExportParameters(includePrivateParameters: false)) { KeyId = KeyId };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(publicKey);
        return new Dictionary<string, object>
        {
            ["kty"] = jwk.Kty,
            ["use"] = "sig",
            ["alg"] = SecurityAlgorithms.RsaSha256,
            ["kid"] = KeyId,
            ["n"] = jwk.N,
            ["e"] = jwk.E,
        };
    }

    public void Dispose() => _rsa.Dispose();
}

/// <summary>What goes into a test token. Defaults make a valid Clerk-style session token.</summary>
public sealed record TokenSpec
{
    public string? Subject { get; init; }
    /// <summary>The org_id claim (omitted when null).</summary>
    public string? OrgId { get; init; }
    /// <summary>The role claim (omitted when null).</summary>
    public string? Role { get; init; }
    /// <summary>Clerk v2 compact organization claim o = {id, rol}; omitted when null.</summary>
    public IReadOnlyDictionary<string, object>? O { get; init; }
    public string? Azp { get; init; }
    /// <summary>Overrides the issuer (default: the JWKS server's).</summary>
    public string? Issuer { get; init; }
    public DateTimeOffset? IssuedAt { get; init; }
    public DateTimeOffset? NotBefore { get; init; }
    public DateTimeOffset? Expires { get; init; }
    /// <summary>Signs with this key instead of the server's current one (e.g. an attacker's key).</summary>
    public SigningKey? SignWith { get; init; }
    /// <summary>Signing credentials that replace RS256 entirely (HS256 attacks); null signs with RSA.</summary>
    public SigningCredentials? Credentials { get; init; }
    /// <summary>Produce an unsigned token (alg "none").</summary>
    public bool Unsigned { get; init; }
    /// <summary>Leave out the exp claim.</summary>
    public bool NoExpiry { get; init; }
}

/// <summary>
/// A real HTTP identity provider stand-in: Kestrel on 127.0.0.1 (port chosen by the OS) serving
/// /.well-known/jwks.json from RSA keys that can be rotated, and minting RS256 tokens with them.
/// Its base URL is the Clerk issuer the API under test trusts. Tokens are stamped on the clock it
/// was given (the API's), so they stay valid however far a test moves that clock.
/// </summary>
public sealed class JwksServer : IAsyncDisposable
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly WebApplication _app;
    private readonly List<SigningKey> _allKeys = [];
    private volatile SigningKey[] _published;
    private int _requests;
    private volatile bool _unavailable;

    private JwksServer(WebApplication app, SigningKey first, TimeProvider clock)
    {
        _app = app;
        Clock = clock;
        _allKeys.Add(first);
        _published = [first];
        Current = first;
    }

    /// <summary>The issuer URL (http://127.0.0.1:port), no trailing slash.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>The key new tokens are signed with.</summary>
    public SigningKey Current { get; private set; }

    /// <summary>The clock the default iat, nbf and exp of tokens are read from.</summary>
    public TimeProvider Clock { get; }

    /// <summary>How many times the JWKS document was asked for (served or not).</summary>
    public int JwksRequests => Volatile.Read(ref _requests);

    /// <summary>While set, the JWKS endpoint answers 503, as an identity provider in an outage.</summary>
    public bool Unavailable
    {
        get => _unavailable;
        set => _unavailable = value;
    }

    public static async Task<JwksServer> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new JwksServer(app, new SigningKey(), clock ?? TimeProvider.System);
        app.MapGet("/.well-known/jwks.json", (HttpContext context) =>
        {
            Interlocked.Increment(ref server._requests);
            if (server.Unavailable)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            }
            var keys = server._published.Select(k => k.PublicJwk()).ToArray();
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(JsonSerializer.Serialize(new { keys }));
        });
        await app.StartAsync();
        server.Issuer = app.Urls.Single().TrimEnd('/');
        return server;
    }

    /// <summary>
    /// Rotates: a new key becomes current and is published; the old one stays published unless
    /// <paramref name="retireOld"/> (then tokens signed with it stop validating after the next refresh).
    /// </summary>
    public SigningKey Rotate(bool retireOld = true)
    {
        var next = new SigningKey();
        lock (_allKeys)
        {
            _allKeys.Add(next);
            _published = retireOld ? [next] : [.. _published, next];
            Current = next;
        }
        return next;
    }

    public string CreateToken(TokenSpec spec)
    {
        var claims = new Dictionary<string, object>();
        if (spec.OrgId is not null) claims["org_id"] = spec.OrgId;
        if (spec.Role is not null) claims["role"] = spec.Role;
        if (spec.O is not null) claims["o"] = spec.O;
        if (spec.Azp is not null) claims["azp"] = spec.Azp;

        var now = Clock.GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer ?? Issuer,
            Subject = spec.Subject is null ? null : new ClaimsIdentity([new Claim("sub", spec.Subject)]),
            Claims = claims,
            IssuedAt = (spec.IssuedAt ?? now).UtcDateTime,
            NotBefore = (spec.NotBefore ?? now.AddSeconds(-5)).UtcDateTime,
            Expires = spec.NoExpiry ? null : (spec.Expires ?? now.AddMinutes(10)).UtcDateTime,
        };
        if (!spec.Unsigned)
            descriptor.SigningCredentials = spec.Credentials
                ?? new SigningCredentials((spec.SignWith ?? Current).SecurityKey, SecurityAlgorithms.RsaSha256);
        return Handler.CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var key in _allKeys) key.Dispose();
    }
}
