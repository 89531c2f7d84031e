using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// Reads a JWKS document into the signing keys of an <see cref="OpenIdConnectConfiguration"/>, so
/// JwtBearer's <see cref="ConfigurationManager{T}"/> caches, refreshes and keeps the keys. Needed
/// because the addresses the identity providers document for their keys (Clerk's
/// {issuer}/.well-known/jwks.json, CLERK_JWKS_URL, Supabase's {SUPABASE_URL}/auth/v1/.well-known/jwks.json)
/// are key sets, not OpenID discovery documents, which is all the library's own retriever reads.
/// </summary>
public sealed partial class JwksRetriever(ILogger<JwksRetriever> logger) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    /// <summary>The named HttpClient the key documents are fetched with.</summary>
    public const string HttpClientName = "jwks";

    private volatile bool _loaded;

    /// <summary>Whether a key set was ever loaded: until then an unknown key means the issuer could not be reached.</summary>
    public bool KeysLoaded => _loaded;

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            var document = await retriever.GetDocumentAsync(address, cancel);
            configuration = new OpenIdConnectConfiguration { JsonWebKeySet = new JsonWebKeySet(document) };
        }
        catch (Exception ex) when (ex is IOException or ArgumentException)
        {
            // The manager keeps the keys it has; with none yet, the token handler goes on with the
            // scheme's fixed key (Supabase's JWT secret). This says why the keys were not refreshed.
            LogRefreshFailed(logger, address, ex.InnerException?.Message ?? ex.Message);
            throw;
        }
        // Keys whose use is not "sig" (encryption keys) are left out.
        foreach (var key in configuration.JsonWebKeySet.GetSigningKeys()) configuration.SigningKeys.Add(key);
        _loaded = true;
        LogLoaded(logger, configuration.SigningKeys.Count, address);
        return configuration;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} signing keys from {Address}")]
    private static partial void LogLoaded(ILogger logger, int count, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load signing keys from {Address}: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string address, string error);
}
