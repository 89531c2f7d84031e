using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Infrastructure.Live;

/// <summary>
/// <see cref="ILiveUpdates"/> as PostgreSQL NOTIFY on the unit of work's own connection: inside its
/// transaction the notification is delivered on commit, and dropped on rollback.
/// </summary>
internal sealed class PostgresLiveUpdates(ApplicationDbContext db) : ILiveUpdates
{
    public Task PublishAsync(LiveUpdate update, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({LiveUpdateChannel.Name}, {LiveUpdateChannel.Serialize(update)})", cancellationToken);
}
