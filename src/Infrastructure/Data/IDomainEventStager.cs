using VoiceTraining.Domain.Common;

namespace VoiceTraining.Infrastructure.Data;

/// <summary>Writes what domain events imply (outbound webhook rows, …) into the same SaveChanges that saves them.</summary>
public interface IDomainEventStager
{
    Task StageAsync(ApplicationDbContext db, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken);

    /// <summary>Called after the rows were written (the transaction may still be open).</summary>
    void Saved(ApplicationDbContext db);
}
