using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Assignments;

/// <summary>Who sees which assignments: trainees their own, managers their team's, admins all.</summary>
internal static class AssignmentVisibility
{
    public static AssignmentScope DefaultScope(MemberRole role) => role switch
    {
        MemberRole.Admin => AssignmentScope.All,
        MemberRole.Manager => AssignmentScope.Team,
        _ => AssignmentScope.Mine,
    };

    public static IQueryable<Assignment> Visible(this IQueryable<Assignment> query, IApplicationDbContext db, ICurrentUser user, AssignmentScope? requested = null)
    {
        var role = user.RequireRole();
        var me = user.RequireMemberId();
        var scope = requested ?? DefaultScope(role);
        if (scope == AssignmentScope.All && role != MemberRole.Admin)
            throw new ForbiddenException("Only admins can list every assignment of the organization.");
        if (scope == AssignmentScope.Team && role == MemberRole.Trainee)
            throw new ForbiddenException("Trainees see their own assignments.");
        return scope switch
        {
            AssignmentScope.Mine => query.Where(a => a.MemberId == me),
            AssignmentScope.Team => query.Where(a => a.AssignedById == me
                || db.Members.Any(m => m.Id == a.MemberId && m.ManagerId == me)),
            _ => query,
        };
    }

    /// <summary>For reading one assignment: the widest scope the caller's role allows.</summary>
    public static IQueryable<Assignment> VisibleToCaller(this IQueryable<Assignment> query, IApplicationDbContext db, ICurrentUser user)
    {
        var role = user.RequireRole();
        if (role == MemberRole.Admin) return query;
        var me = user.RequireMemberId();
        if (role == MemberRole.Trainee) return query.Where(a => a.MemberId == me);
        return query.Where(a => a.MemberId == me || a.AssignedById == me
            || db.Members.Any(m => m.Id == a.MemberId && m.ManagerId == me));
    }
}
