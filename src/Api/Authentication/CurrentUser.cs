using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Api.Authentication;

/// <summary>The caller, read from the platform principal (<see cref="PlatformPrincipal"/> or an API key).</summary>
internal sealed class CurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public Guid? OrgId => ReadGuid(PlatformClaims.OrgId);
    public Guid? MemberId => ReadGuid(PlatformClaims.MemberId);
    public MemberRole? Role => RoleNames.Parse(accessor.HttpContext?.User.FindFirst(PlatformClaims.Role)?.Value);
    public bool IsAuthenticated => accessor.HttpContext?.User.Identity?.IsAuthenticated == true;

    private Guid? ReadGuid(string type) =>
        Guid.TryParse(accessor.HttpContext?.User.FindFirst(type)?.Value, out var id) ? id : null;
}
