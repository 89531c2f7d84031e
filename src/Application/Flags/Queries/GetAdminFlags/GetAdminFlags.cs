using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Flags.Queries.GetAdminFlags;

/// <summary>
/// Settings &gt; Feature flags: every flag with its value for the organization (or, with
/// <see cref="MemberId"/>, for that member) and the settings at each scope that decide it.
/// </summary>
public sealed record GetAdminFlagsQuery : IQuery<AdminFlagsDto>
{
    /// <summary>A member of the organization whose values to show; absent: the organization's.</summary>
    public Guid? MemberId { get; init; }
}

/// <summary>The flags as an admin sees them, for the organization or for one member.</summary>
public sealed record AdminFlagsDto(Guid? MemberId, string? MemberName, IReadOnlyList<AdminFlagDto> Flags);

/// <summary>
/// One flag: enabled is the effective value; the three settings are what is set at
/// each scope (null: nothing there). For the organization (no member asked for), a flag that needs
/// something each member holds (a SIM) shows the organization's switch: whether a member has it
/// also depends on their SIM, shown with the member.
/// </summary>
public sealed record AdminFlagDto(
    string Key,
    string Description,
    FlagEntitlement Requires,
    bool Enabled,
    bool SwitchOn,
    string DecidedBy,
    bool Entitled,
    bool? GlobalValue,
    bool? OrganizationValue,
    bool? UserValue);

internal sealed class GetAdminFlagsQueryHandler(IApplicationDbContext db, ICurrentUser user, IFeatureFlags flags)
    : IRequestHandler<GetAdminFlagsQuery, AdminFlagsDto>
{
    public async Task<AdminFlagsDto> Handle(GetAdminFlagsQuery request, CancellationToken cancellationToken)
    {
        var orgId = user.RequireOrgId();
        string? memberName = null;
        if (request.MemberId is { } memberId)
            // Tenant-filtered: another organization's member is not found.
            memberName = await db.Members.Where(m => m.Id == memberId).Select(m => m.Name).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Member", memberId);

        var evaluations = await flags.EvaluateAllAsync(orgId, request.MemberId, cancellationToken);
        return new AdminFlagsDto(request.MemberId, memberName, [.. evaluations.Select(e => ToDto(e, request.MemberId is not null))]);
    }

    private static AdminFlagDto ToDto(FlagEvaluation e, bool forMember)
    {
        var requires = FlagDefinitions.Find(e.Key)!.Entitlement;
        // Without a member, a member's own entitlement is not part of the answer.
        var entitled = e.Entitled || (!forMember && requires == FlagEntitlement.VoiceSim);
        return new AdminFlagDto(e.Key, e.Description, requires, e.SwitchOn && entitled, e.SwitchOn, e.DecidedBy, entitled,
            e.GlobalValue, e.OrganizationValue, forMember ? e.UserValue : null);
    }
}
