using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Billing.VoiceSims;

/// <summary>
/// A deactivated member's voice AI SIM goes back to the organization in the same SaveChanges,
/// whoever deactivated them (an admin, the identity provider's membership removal, an account
/// deletion): a SIM nobody can use must not count against the purchased ones.
/// </summary>
internal sealed class FreeSimsOfDeactivatedMembers(TimeProvider clock) : IDomainEventReaction
{
    public async Task<Action?> ReactAsync(IApplicationDbContext db, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        foreach (var byOrg in events.OfType<MemberDeactivated>().GroupBy(e => e.OrgId))
        {
            var ids = byOrg.Select(e => e.MemberId).ToList();
            var held = await db.UserVoiceAddOns.IgnoreQueryFilters()
                .Where(u => u.OrgId == byOrg.Key && ids.Contains(u.MemberId) && u.VoiceAddOnActive)
                .ToListAsync(cancellationToken);
            foreach (var sim in held) sim.Unassign(clock.GetUtcNow());
        }
        // Nothing to wake: the change is saved with the deactivation.
        return null;
    }
}
