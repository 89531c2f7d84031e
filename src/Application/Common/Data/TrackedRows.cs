using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Common;

namespace VoiceTraining.Application.Common.Data;

/// <summary>
/// Rows tracked by the context (created or loaded in this unit of work), else the database, for
/// code that runs inside a SaveChanges: the reactions building webhook payloads and emails.
/// </summary>
internal static class TrackedRows
{
    /// <summary>The tracked row with this id, else the stored one past the tenant filter (the ids come from events).</summary>
    public static async Task<T?> FindTrackedOrStoredAsync<T>(this IApplicationDbContext db, DbSet<T> set, Guid id, CancellationToken cancellationToken)
        where T : Entity =>
        db.FirstTrackedOrNull<T>(e => e.Id == id) ?? await set.IgnoreQueryFilters().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
}
