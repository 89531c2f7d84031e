using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Http;
using VoiceTraining.Domain.Integrations;

namespace VoiceTraining.Api.Authentication;

/// <summary>Marks endpoints only a signed-in person may call (an API key may not, e.g. managing API keys).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PeopleOnlyAttribute : Attribute;

/// <summary>
/// Holds API keys to their scopes: a read key may only read (GET, HEAD, OPTIONS), and no key may
/// use people-only endpoints. Runs after authentication, before authorization.
/// </summary>
internal sealed class ApiKeyScopeMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.FindFirst(PlatformClaims.ApiKeyId) is not null)
        {
            var endpoint = context.GetEndpoint();
            if (endpoint?.Metadata.GetMetadata<PeopleOnlyAttribute>() is not null)
            {
                await Deny(context, "API keys cannot use this endpoint; sign in as an admin.");
                return;
            }
            var reads = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method);
            var scope = reads ? ApiKeyScopes.Read : ApiKeyScopes.Write;
            if (!context.User.HasClaim(PlatformClaims.Scope, scope))
            {
                await Deny(context, $"This API key lacks the '{scope}' scope.");
                return;
            }
        }
        await next(context);
    }

    private Task Deny(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Problems.WriteAsync(problems, context, StatusCodes.Status403Forbidden, detail);
    }
}
