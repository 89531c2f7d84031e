using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Http;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// Authorization policies by role. Every tenant endpoint needs a member of an organization;
/// managers can do what trainees can and more; admins everything.
/// </summary>
public static class Policies
{
    public const string Member = "member";
    public const string Manager = "manager";
    public const string Admin = "admin";
    /// <summary>A member who is one of the platform's operators (PLATFORM_OPERATOR_USER_IDS): global flags and settings.</summary>
    public const string PlatformOperator = "platform-operator";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Member, p => p.RequireAuthenticatedUser().RequireClaim(PlatformClaims.MemberId));
        options.AddPolicy(Manager, p => p.RequireAuthenticatedUser().RequireClaim(PlatformClaims.MemberId)
            .RequireClaim(PlatformClaims.Role, RoleNames.Manager, RoleNames.Admin));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireClaim(PlatformClaims.MemberId)
            .RequireClaim(PlatformClaims.Role, RoleNames.Admin));
        options.AddPolicy(PlatformOperator, p => p.RequireAuthenticatedUser().RequireClaim(PlatformClaims.MemberId)
            .AddRequirements(new PlatformOperatorRequirement()));
        options.DefaultPolicy = options.GetPolicy(Member)!;
        options.FallbackPolicy = options.GetPolicy(Member);
    }
}

/// <summary>The caller is a platform operator (<see cref="ICurrentUser.IsPlatformOperator"/>: a person, never an API key).</summary>
public sealed class PlatformOperatorRequirement : AuthorizationHandler<PlatformOperatorRequirement>, IAuthorizationRequirement
{
    public const string Refusal = "Only the platform's operators may change global settings.";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PlatformOperatorRequirement requirement)
    {
        if (context.Resource is HttpContext http && http.RequestServices.GetRequiredService<ICurrentUser>().IsPlatformOperator)
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>Answers 401/403 from authorization as ProblemDetails, saying why.</summary>
internal sealed class ProblemDetailsAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            // The authentication feature is only set on success: ask again to learn why the token failed.
            // Only the reason in the caller's words is shown, never the token library's message.
            var failure = (await context.AuthenticateAsync()).Failure;
            await context.ChallengeAsync();
            await Problems.WriteAsync(problems, context, StatusCodes.Status401Unauthorized,
                failure is null ? "A bearer token is required." : $"The bearer token was rejected: {CredentialRefusal.Describe(failure) ?? CredentialRefusal.Invalid}");
            return;
        }
        if (authorizeResult.Forbidden)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            var tenantError = context.User.FindFirst(PlatformClaims.TenantError)?.Value;
            var operatorOnly = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PlatformOperatorRequirement>().Any() == true;
            await Problems.WriteAsync(problems, context, StatusCodes.Status403Forbidden,
                tenantError ?? (operatorOnly ? PlatformOperatorRequirement.Refusal : "Your role does not allow this action."));
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
