using Microsoft.AspNetCore.Mvc;

namespace VoiceTraining.Api.Infrastructure;

/// <summary>Writes RFC 9457 problem responses outside MVC (middleware, auth).</summary>
internal static class Problems
{
    /// <summary>A type URI for statuses the framework's defaults do not cover (413, 402, 502 …).</summary>
    public static string TypeFor(int status) => $"https://developer.mozilla.org/docs/Web/HTTP/Status/{status}";

    public static async Task WriteAsync(IProblemDetailsService service, HttpContext context, int status, string detail, string? title = null)
    {
        context.Response.StatusCode = status;
        await service.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title ?? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
                Detail = detail,
            },
        });
    }
}
