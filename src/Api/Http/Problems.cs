using Microsoft.AspNetCore.Mvc;

namespace VoiceTraining.Api.Http;

/// <summary>
/// [Produces("application/json")] on the controllers would serve problem details as plain JSON;
/// this runs after it and restores application/problem+json for them.
/// </summary>
internal sealed class ProblemDetailsContentTypeFilter : Microsoft.AspNetCore.Mvc.Filters.IResultFilter, Microsoft.AspNetCore.Mvc.Filters.IOrderedFilter
{
    public int Order => int.MaxValue;

    public void OnResultExecuting(Microsoft.AspNetCore.Mvc.Filters.ResultExecutingContext context)
    {
        if (context.Result is ObjectResult { Value: ProblemDetails } result)
        {
            result.ContentTypes.Clear();
            result.ContentTypes.Add("application/problem+json");
        }
    }

    public void OnResultExecuted(Microsoft.AspNetCore.Mvc.Filters.ResultExecutedContext context) { }
}

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
