using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Data;

internal sealed class InboundEventLedger(ApplicationDbContext db, TimeProvider clock) : IInboundEventLedger
{
    public async Task<bool> TryRecordAsync(string provider, string eventKey, string eventType, CancellationToken cancellationToken)
    {
        // ON CONFLICT makes a concurrent duplicate wait for the first transaction and then insert nothing.
        var inserted = await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO processed_inbound_events (provider, event_key, event_type, received_at)
             VALUES ({provider}, {eventKey}, {eventType}, {clock.GetUtcNow()})
             ON CONFLICT (provider, event_key) DO NOTHING
             """, cancellationToken);
        return inserted == 1;
    }
}

internal sealed class RowLocks(ApplicationDbContext db) : IRowLocks
{
    public Task LockAttemptAsync(Guid attemptId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT 1 FROM scenario_attempts WHERE id = {attemptId} FOR UPDATE", cancellationToken);

    public Task LockOrganizationAsync(Guid orgId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT 1 FROM organizations WHERE id = {orgId} FOR UPDATE", cancellationToken);

    // A transaction-scoped advisory lock on the key's 64-bit hash: a collision only serializes two flags' changes.
    public Task LockGlobalFlagAsync(string key, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"feature-flag:" + key}, 0))", cancellationToken);
}
