using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace VoiceTraining.Api.Http;

/// <summary>
/// Checks what comes before a request's body, answering RFC 9457 problems: the target's length
/// (414), the headers' size and number (431), a Content-Type that is not a media type (415) and a
/// declared body over the limit (413, also where the endpoint would not read the body).
/// </summary>
/// <remarks>
/// Kestrel refuses requests over its own limits before any middleware runs, with an empty answer
/// that cannot be customised; so Kestrel's limits are set a step above the ones promised here
/// (Kestrel's defaults), and only a request beyond them still gets Kestrel's empty 414 or 431
/// (ADR 0018). MVC's media type parser throws on some malformed Content-Types (an empty parameter
/// value) instead of refusing them, hence the check here with the strict parser.
/// </remarks>
internal sealed class RequestHeadGuard(RequestDelegate next, IProblemDetailsService problems)
{
    /// <summary>The longest request target (path and query) served: Kestrel's default request line limit.</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>The most header bytes (names and values) served: Kestrel's default.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>The most headers served: Kestrel's default.</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>Kestrel's own limits, above which it answers before the app (with empty bodies).</summary>
    public const int KestrelRequestLineBytes = 32 * 1024;
    public const int KestrelHeaderBytes = 64 * 1024;
    public const int KestrelHeaderCount = 200;

    public static void ConfigureKestrel(KestrelServerOptions options)
    {
        options.Limits.MaxRequestLineSize = KestrelRequestLineBytes;
        options.Limits.MaxRequestHeadersTotalSize = KestrelHeaderBytes;
        options.Limits.MaxRequestHeaderCount = KestrelHeaderCount;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (Refusal(context) is { } refusal)
        {
            await Problems.WriteAsync(problems, context, refusal.Status, refusal.Detail);
            return;
        }
        await next(context);
    }

    private static (int Status, string Detail)? Refusal(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value + request.QueryString.Value;
        if (target.Length > MaxTargetBytes)
            return (StatusCodes.Status414UriTooLong, $"The request target (path and query) is longer than {MaxTargetBytes} bytes.");
        if (request.Headers.Count > MaxHeaderCount)
            return (StatusCodes.Status431RequestHeaderFieldsTooLarge, $"The request has more than {MaxHeaderCount} headers.");
        if (HeaderBytes(request.Headers) > MaxHeaderBytes)
            return (StatusCodes.Status431RequestHeaderFieldsTooLarge, $"The request headers are larger than {MaxHeaderBytes} bytes in total.");
        if (request.Headers.ContentType is { Count: > 0 } contentType && !IsMediaType(contentType))
            return (StatusCodes.Status415UnsupportedMediaType, "The Content-Type header is not a media type (type/subtype; name=value parameters).");
        if (request.ContentLength > BodyLimit(context))
            return (StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
        return null;
    }

    private static bool IsMediaType(StringValues values) =>
        values.Count == 1
        && MediaTypeHeaderValue.TryParse(values[0], out var parsed)
        && parsed.Parameters.All(p => !StringSegment.IsNullOrEmpty(p.Value));

    /// <summary>The body limit of the request, unless its endpoint enforces its own (<see cref="OwnBodyLimitAttribute"/>).</summary>
    private static long? BodyLimit(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<OwnBodyLimitAttribute>() is not null
            ? null
            : context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;

    /// <summary>Names and values, as Kestrel counts them against MaxRequestHeadersTotalSize.</summary>
    private static long HeaderBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (var (name, values) in headers)
        {
            total += name.Length;
            foreach (var value in values) total += value?.Length ?? 0;
        }
        return total;
    }
}

/// <summary>The endpoint sets and enforces its own body limit (the provider webhooks), so the API-wide one is not checked ahead of it.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true)]
internal sealed class OwnBodyLimitAttribute : Attribute;
