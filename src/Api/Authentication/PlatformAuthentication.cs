using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// The API's authentication: a policy scheme named <see cref="SchemeName"/> that forwards each
/// request to the scheme for what it presents: API keys to <see cref="ApiKeyAuthenticationHandler"/>,
/// a JWT to the JwtBearer scheme of the issuer its (unverified) iss names, anything else to
/// <see cref="UnmatchedCredentialHandler"/>.
/// </summary>
public static class PlatformAuthentication
{
    public const string SchemeName = "Bearer";

    /// <summary>
    /// Microsoft.IdentityModel's switch for refreshing keys on the request that needs them rather than
    /// in the background after refusing it: the first token signed with a freshly rotated key is then
    /// accepted. Refreshes stay throttled by <see cref="IssuerSchemes.UnknownKeyRefreshInterval"/>.
    /// </summary>
    private const string RefreshKeysOnTheRequest = "Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking";

    public static IServiceCollection AddPlatformAuthentication(this IServiceCollection services, IdentitySettings identity, LocalMode localMode)
    {
        AppContext.SetSwitch(RefreshKeysOnTheRequest, true);
        var localIssuer = new LocalTokenIssuer();
        var issuers = TrustedIssuers.From(identity, localMode, localIssuer);
        services.AddSingleton(localIssuer);
        services.AddSingleton(issuers);
        services.AddHttpClient(JwksRetriever.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));

        var authentication = services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, null, o => o.ForwardDefaultSelector = context => SelectScheme(context.Request, issuers))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, UnmatchedCredentialHandler>(UnmatchedCredentialHandler.SchemeName, null);
        foreach (var issuer in issuers.All)
        {
            authentication.AddJwtBearer(issuer.Scheme, _ => { });
            services.AddOptions<JwtBearerOptions>(issuer.Scheme).Configure<TimeProvider, IHttpClientFactory, ILoggerFactory>(
                (options, clock, httpClients, loggers) => IssuerSchemes.Configure(options, issuer, clock, httpClients, loggers));
        }
        return services;
    }

    /// <summary>The scheme that authenticates this request (never null: a policy scheme cannot handle a request itself).</summary>
    public static string SelectScheme(HttpRequest request, TrustedIssuers issuers)
    {
        var credential = PresentedCredential.Read(request);
        return credential.Kind switch
        {
            CredentialKind.ApiKey => ApiKeyAuthenticationHandler.SchemeName,
            CredentialKind.Jwt => issuers.Find(credential.Issuer)?.Scheme ?? UnmatchedCredentialHandler.SchemeName,
            _ => UnmatchedCredentialHandler.SchemeName,
        };
    }
}
