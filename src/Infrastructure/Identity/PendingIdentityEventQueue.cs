using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Identity.Commands.RetryPendingIdentityEvents;
using VoiceTraining.Domain.Integrations;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Infrastructure.Identity;

internal sealed class PendingIdentityEventQueue(ApplicationDbContext db) : IPendingIdentityEventQueue
{
    public Task<List<PendingIdentityEvent>> ClaimDueAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken) =>
        db.PendingIdentityEvents
            .FromSql($"""
                      SELECT * FROM pending_identity_events
                      WHERE next_attempt_at <= {now} AND expires_at > {now}
                      ORDER BY received_at
                      LIMIT {batchSize}
                      FOR UPDATE SKIP LOCKED
                      """)
            .ToListAsync(cancellationToken);
}
