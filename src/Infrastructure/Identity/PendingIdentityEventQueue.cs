using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Identity.Commands.RetryPendingIdentityEvent;
using VoiceTraining.Domain.Integrations;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Infrastructure.Identity;

internal sealed class PendingIdentityEventQueue(ApplicationDbContext db) : IPendingIdentityEventQueue
{
    // FOR UPDATE: organization.created, which hands leases back, waits until this retry has committed.
    public Task<PendingIdentityEvent?> HoldAsync(Guid id, Guid leaseToken, CancellationToken cancellationToken) =>
        db.PendingIdentityEvents
            .FromSql($"SELECT * FROM pending_identity_events WHERE id = {id} AND lease_token = {leaseToken} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
}
