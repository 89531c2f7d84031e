using NetEscapades.AspNetCore.SecurityHeaders.Infrastructure;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Calls;

namespace VoiceTraining.Api.Http;

/// <summary>
/// The security headers of every answer (NetEscapades.AspNetCore.SecurityHeaders, applied just
/// before a response starts, so error and status-code answers get them too): nosniff,
/// X-Frame-Options DENY, Referrer-Policy strict-origin-when-cross-origin, HSTS outside
/// Development, no Server header, and a Content-Security-Policy chosen by what is answered:
/// the web app's, Swagger UI's, the API's (JSON needs none of the web's allowances), or an
/// endpoint's own (<see cref="UnsubscribePagePolicy"/>).
/// </summary>
/// <remarks>
/// The web app's policy allows exactly the hosts of what is configured: Clerk's Frontend API
/// (decoded from the publishable key) only with Clerk, Vapi's and Daily's (Vapi's call transport)
/// only with a Vapi public key, so local mode keeps the tight policy.
/// </remarks>
internal static class SecurityHeaders
{
    /// <summary>The named policy of the email unsubscribe pages (HTML with one inline style sheet).</summary>
    public const string UnsubscribePagePolicy = "unsubscribe-page";

    /// <summary>One year; HSTS preload lists ask for at least that, and the hardening rule for at least 180 days.</summary>
    public const int HstsMaxAgeSeconds = 365 * 24 * 60 * 60;

    /// <summary>Clerk's hosts besides the instance's own Frontend API (Clerk's CSP documentation).</summary>
    private const string ClerkImages = "https://img.clerk.com";
    private const string CloudflareChallenges = "https://challenges.cloudflare.com";
    private static readonly string[] ClerkTelemetry = ["https://clerk-telemetry.com", "https://*.clerk-telemetry.com"];

    /// <summary>Vapi's REST API, and Daily's hosts (the call machine script, its API and signalling websockets).</summary>
    private const string VapiApi = "https://api.vapi.ai";
    private const string DailyHttps = "https://*.daily.co";
    private const string DailyWss = "wss://*.daily.co";

    /// <summary>The first path segments whose answers are the API's (JSON, problem details, health).</summary>
    private static readonly string[] ApiSegments = ["/api", "/healthz", "/readyz"];

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services, IWebHostEnvironment environment)
    {
        services.AddSingleton(sp => new Policies(
            environment.IsDevelopment(),
            IdentitySettings.IssuerFromPublishableKey(sp.GetRequiredService<IdentitySettings>().ClerkPublishableKey),
            !string.IsNullOrWhiteSpace(sp.GetRequiredService<IVoiceSettings>().PublicKey),
            sp.GetRequiredService<LocalEmailMode>().MailboxEnabled));
        services.AddSecurityHeaderPolicies()
            .AddPolicy(UnsubscribePagePolicy, p => Common(p, environment.IsDevelopment()).AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().None();
                csp.AddStyleSrc().WithHash256(Controllers.UnsubscribePages.StyleSheetHash);
                csp.AddFormAction().Self();
                csp.AddFrameAncestors().None();
                csp.AddBaseUri().None();
            }))
            .SetPolicySelector(context => context.EndpointPolicy
                ?? context.HttpContext.RequestServices.GetRequiredService<Policies>().For(context.HttpContext.Request.Path));
        // Kestrel writes its Server header after the middleware has run; it is switched off in its options.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        return services;
    }

    /// <summary>The headers every policy has besides its CSP.</summary>
    private static HeaderPolicyCollection Common(HeaderPolicyCollection policy, bool development)
    {
        policy.AddContentTypeOptionsNoSniff()
            .AddFrameOptionsDeny()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .RemoveServerHeader();
        // Sent whatever the request's scheme: TLS usually ends at a proxy in front of the app, so the
        // request the app sees is http while the browser's is https (browsers ignore the header over
        // plain http). Development runs on http://localhost, which must not be pinned to https.
        if (!development)
            policy.AddCustomHeader("Strict-Transport-Security", $"max-age={HstsMaxAgeSeconds}; includeSubDomains");
        return policy;
    }

    /// <summary>The policies chosen by path, built once from the configuration.</summary>
    internal sealed class Policies
    {
        private readonly HeaderPolicyCollection _app;
        private readonly HeaderPolicyCollection _swagger;
        private readonly HeaderPolicyCollection _api;

        public Policies(bool development, string? clerkFrontendApi, bool vapi, bool mailbox)
        {
            _app = Common(new HeaderPolicyCollection(), development).AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                var script = csp.AddScriptSrc().Self();
                var style = csp.AddStyleSrc().Self();
                var img = csp.AddImgSrc().Self().Data();
                var connect = csp.AddConnectSrc().Self();
                // Recordings and their captions play from blob: URLs (fetched with the bearer token).
                csp.AddMediaSrc().Self().Blob();
                csp.AddFontSrc().Self();
                csp.AddObjectSrc().None();
                csp.AddBaseUri().Self();
                csp.AddFormAction().Self();
                csp.AddFrameAncestors().None();
                if (clerkFrontendApi is not null || vapi) csp.AddWorkerSrc().Self().Blob();
                if (clerkFrontendApi is not null)
                {
                    // clerk-js and its UI load from the instance's Frontend API, which it then calls;
                    // Cloudflare's bot check runs in a frame; Clerk styles its components at run time.
                    script.From(clerkFrontendApi).From(CloudflareChallenges);
                    connect.From(clerkFrontendApi).From(ClerkTelemetry);
                    img.From(ClerkImages);
                    style.UnsafeInline();
                    csp.AddFrameSrc().Self().From(CloudflareChallenges);
                }
                if (vapi)
                {
                    // The web SDK is bundled, but Daily loads its call machine from its CDN (as a
                    // script: the web app sets avoidEval) and runs noise cancellation as WebAssembly.
                    // Daily's error reports to its own Sentry are left blocked: they carry no call.
                    script.From(DailyHttps).WasmUnsafeEval();
                    connect.From(VapiApi).From(DailyHttps).From(DailyWss);
                }
                // The local mailbox shows emails, whose styles are inline attributes, in a sandboxed
                // srcdoc frame, which inherits this policy. Style attributes only; never outside Development.
                if (mailbox && clerkFrontendApi is null) csp.AddStyleSrcAttr().UnsafeInline();
            });

            // Swagger UI's page loads its own scripts and style sheets; swagger-ui then sets inline
            // styles and shows data: images (its icons).
            _swagger = Common(new HeaderPolicyCollection(), development).AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                csp.AddStyleSrc().Self().UnsafeInline();
                csp.AddImgSrc().Self().Data();
                csp.AddObjectSrc().None();
                csp.AddBaseUri().Self();
                csp.AddFormAction().Self();
                csp.AddFrameAncestors().None();
            });

            // JSON and problem details load nothing; should one be opened as a page, it may do nothing either.
            _api = Common(new HeaderPolicyCollection(), development).AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().None();
                csp.AddFrameAncestors().None();
            });
        }

        public IReadOnlyHeaderPolicyCollection For(PathString path) =>
            path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase) ? _swagger
            : ApiSegments.Any(s => path.StartsWithSegments(s, StringComparison.OrdinalIgnoreCase)) ? _api
            : _app;
    }
}
