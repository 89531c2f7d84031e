using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace VoiceTraining.Api.Spa;

/// <summary>
/// Serves the built web app (client/dist) from the API's origin: its files as static files, and
/// index.html for client-side routes, so a deep link or a reload of /manage/scenarios works. API,
/// Swagger and health paths are never answered with the app. Where the app has not been built,
/// nothing is served and the API runs alone.
/// </summary>
/// <remarks>
/// This is middleware rather than a fallback endpoint: the controllers declare that they consume
/// JSON, and a catch-all endpoint without that declaration would win endpoint selection for every
/// request without a Content-Type (a plain GET of /api/config included).
/// </remarks>
internal static partial class SpaHosting
{
    /// <summary>Configuration key of the built app's folder; a relative path is taken from the content root.</summary>
    public const string RootSetting = "Spa:Root";

    /// <summary>First path segments that belong to the API: unknown paths there answer 404 problem details, never the app.</summary>
    private static readonly string[] ReservedSegments = ["/api", "/swagger", "/healthz", "/readyz"];

    /// <summary>
    /// Serves the app. Goes after routing and before authentication: the app's files are public
    /// (its API calls carry their own bearer tokens).
    /// </summary>
    public static WebApplication UseSpa(this WebApplication app)
    {
        var root = RootPath(app);
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            LogNotBuilt(app.Logger, root);
            return app;
        }

        app.Use((context, next) =>
        {
            if (IsClientRoute(context)) context.Request.Path = "/index.html";
            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            OnPrepareResponse = c =>
            {
                // Vite names built assets by content hash, so they never change; index.html must be re-read.
                c.Context.Response.Headers[HeaderNames.CacheControl] = c.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        return app;
    }

    /// <summary>A GET or HEAD that no API endpoint matched, outside the API's paths, of a path without a file extension.</summary>
    internal static bool IsClientRoute(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        if (context.GetEndpoint() is not null) return false;
        var path = request.Path;
        if (ReservedSegments.Any(s => path.StartsWithSegments(s, StringComparison.OrdinalIgnoreCase))) return false;
        return !Path.HasExtension(path.Value);
    }

    private static string RootPath(WebApplication app)
    {
        var configured = app.Configuration[RootSetting];
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(app.Environment.ContentRootPath, "..", "..", "client", "dist")
            : Path.Combine(app.Environment.ContentRootPath, configured);
        return Path.GetFullPath(path);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The web app is not built (no index.html in {Root}); serving the API only. Run `make client-build` to build it.")]
    private static partial void LogNotBuilt(ILogger logger, string root);
}
