using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Api.Authentication;

/// <summary>The caller, read from the platform principal (<see cref="PlatformPrincipal"/> or an API key).</summary>
internal sealed class CurrentUser(IHttpContextAccessor accessor, Application.Flags.FlagOptions flags) : ICurrentUser
{
    public Guid? OrgId => ReadGuid(PlatformClaims.OrgId);
    public Guid? MemberId => ReadGuid(PlatformClaims.MemberId);
    public MemberRole? Role => RoleNames.Parse(accessor.HttpContext?.User.FindFirst(PlatformClaims.Role)?.Value);
    public bool IsAuthenticated => accessor.HttpContext?.User.Identity?.IsAuthenticated == true;

    // A person signed in with a token (an API key has no subject); an operator is named by the identity provider's user id.
    public string? ExternalUserId => accessor.HttpContext?.User.FindFirst(PlatformClaims.ApiKeyId) is null
        ? accessor.HttpContext?.User.FindFirst("sub")?.Value is { Length: > 0 } sub ? sub : null
        : null;

    public bool IsPlatformOperator => ExternalUserId is { } sub && flags.PlatformOperatorUserIds.Contains(sub, StringComparer.Ordinal);

    private Guid? ReadGuid(string type) =>
        Guid.TryParse(accessor.HttpContext?.User.FindFirst(type)?.Value, out var id) ? id : null;
}
