using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Members;

internal static class AdminGuard
{
    /// <summary>An organization always keeps at least one active admin.</summary>
    /// <remarks>Locks the organization first, so two admins demoting each other at once cannot both succeed.</remarks>
    public static async Task EnsureAnotherActiveAdminAsync(this IApplicationDbContext db, IRowLocks locks, Member member, CancellationToken cancellationToken)
    {
        if (member.Role != MemberRole.Admin || !member.IsActive) return;
        await locks.LockOrganizationAsync(member.OrgId, cancellationToken);
        var others = await db.Members.CountAsync(m => m.Id != member.Id && m.Role == MemberRole.Admin && m.Status == MemberStatus.Active, cancellationToken);
        if (others == 0) throw new ConflictException("This is the organization's last active admin.");
    }
}
