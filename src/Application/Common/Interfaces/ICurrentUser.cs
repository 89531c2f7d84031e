using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Common.Interfaces;

/// <summary>The caller of the current request, resolved from the bearer token by the API.</summary>
public interface ICurrentUser
{
    /// <summary>The caller's organization, or null when the token carries none (or outside a request).</summary>
    Guid? OrgId { get; }
    Guid? MemberId { get; }
    MemberRole? Role { get; }

    /// <summary>Whether a credential was accepted, even one whose organization could not be resolved (then the data layer shows nothing).</summary>
    bool IsAuthenticated { get; }

    /// <summary>One of the platform's operators (PLATFORM_OPERATOR_USER_IDS): may set global flags and voice settings.</summary>
    bool IsPlatformOperator => false;

    /// <summary>The identity provider's user id (the token's subject), when a person is signed in.</summary>
    string? ExternalUserId => null;
}

public static class CurrentUserExtensions
{
    /// <summary>The caller's member id; tenant endpoints are only reachable with one, so its absence is a 403.</summary>
    public static Guid RequireMemberId(this ICurrentUser user) =>
        user.MemberId ?? throw new Exceptions.ForbiddenException("This endpoint needs a member of an organization.");

    public static Guid RequireOrgId(this ICurrentUser user) =>
        user.OrgId ?? throw new Exceptions.ForbiddenException("This endpoint needs an organization.");

    public static MemberRole RequireRole(this ICurrentUser user) =>
        user.Role ?? throw new Exceptions.ForbiddenException("This endpoint needs a member of an organization.");

    public static void RequirePlatformOperator(this ICurrentUser user)
    {
        if (!user.IsPlatformOperator) throw new Exceptions.ForbiddenException("Only the platform's operators may change global settings.");
    }

    public static bool IsAdmin(this ICurrentUser user) => user.Role == MemberRole.Admin;

    public static bool IsManagerOrAdmin(this ICurrentUser user) => user.Role is MemberRole.Manager or MemberRole.Admin;
}
