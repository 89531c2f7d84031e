using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// One JwtBearer scheme per trusted issuer: its issuer, audience and algorithms, its keys (a JWKS
/// document through the library's <see cref="ConfigurationManager{T}"/>, a fixed key, or both),
/// lifetime on the application's clock, validated tokens remembered until they expire
/// (<see cref="CachedTokenValidation"/>), and <see cref="IssuerTokenEvents"/>.
/// </summary>
public static class IssuerSchemes
{
    public const string Clerk = "Clerk";
    public const string Supabase = "Supabase";
    public const string Local = "Local";

    /// <summary>How often the keys are fetched again unasked (the library adds up to 5 % jitter).</summary>
    public static readonly TimeSpan KeyRefreshInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// A token signed with a key the cache lacks (the issuer rotated its keys) fetches them again, at
    /// most this often, so forged key ids cannot hammer the issuer.
    /// </summary>
    public static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static void Configure(JwtBearerOptions options, TrustedIssuer issuer, TimeProvider clock, IHttpClientFactory httpClients, ILoggerFactory loggers)
    {
        options.MapInboundClaims = false;
        // The 401 body says why in the caller's words; the challenge header carries no library text.
        options.IncludeErrorDetails = false;
        options.TimeProvider = clock;
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(new CachedTokenValidation(clock));
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer,
            // Clerk session tokens carry no aud (azp is checked after validation); Supabase's carry "authenticated".
            ValidateAudience = issuer.Audience is not null,
            ValidAudience = issuer.Audience,
            ValidAlgorithms = issuer.Algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = TokenLifetime.On(clock),
            // Beside the JWKS keys: Supabase's HS256 secret (its tokens carry no kid), the local-mode key.
            IssuerSigningKey = issuer.StaticKey,
        };
        JwksRetriever? keys = null;
        if (issuer.JwksUri is { } jwks)
        {
            keys = new JwksRetriever(loggers.CreateLogger<JwksRetriever>());
            var documents = new HttpDocumentRetriever(httpClients.CreateClient(JwksRetriever.HttpClientName))
            {
                // As JwtBearer's RequireHttpsMetadata: keys come over HTTPS, except from this machine (tests, local stand-ins).
                RequireHttps = !jwks.IsLoopback,
            };
            options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                jwks.ToString(), keys, documents)
            {
                AutomaticRefreshInterval = KeyRefreshInterval,
                RefreshInterval = UnknownKeyRefreshInterval,
                // A failed refresh keeps the current keys anyway; "last known good" would go on accepting
                // keys the issuer has since retired (say, after a leak) for another hour.
                UseLastKnownGoodConfiguration = false,
            };
        }
        options.Events = new IssuerTokenEvents(issuer, keys, loggers.CreateLogger<IssuerTokenEvents>());
    }
}
