using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Attempts;

/// <summary>Trainees see their own attempts; managers their own, their team's and those on assignments they made; admins all.</summary>
internal static class AttemptVisibility
{
    public static IQueryable<Attempt> VisibleToCaller(this IQueryable<Attempt> query, IApplicationDbContext db, ICurrentUser user)
    {
        var role = user.RequireRole();
        return role == MemberRole.Admin ? query : query.VisibleTo(db, user.RequireMemberId(), role);
    }

    /// <summary>The same rule for a member who is not the caller (a reply that arrived by email).</summary>
    public static IQueryable<Attempt> VisibleTo(this IQueryable<Attempt> query, IApplicationDbContext db, Guid me, MemberRole role)
    {
        if (role == MemberRole.Admin) return query;
        if (role == MemberRole.Trainee) return query.Where(a => a.MemberId == me);
        return query.Where(a => a.MemberId == me
            || db.Members.Any(m => m.Id == a.MemberId && m.ManagerId == me)
            || db.Assignments.Any(x => x.Id == a.AssignmentId && x.AssignedById == me));
    }
}
