using VoiceTraining.Domain.Common;

namespace VoiceTraining.Application.Common.Interfaces;

/// <summary>
/// Reacts to the domain events of one SaveChanges, inside that SaveChanges: it adds what the
/// events imply (outbox rows such as webhook deliveries and emails) to the same context, so they
/// are committed with the change or not at all. Nothing leaves the process here: a reaction that
/// wrote something returns the wake-up to run once the rows are committed (a worker's signal),
/// and the context runs it after commit.
/// </summary>
public interface IDomainEventReaction
{
    /// <summary>
    /// Adds the rows these events imply to <paramref name="db"/> (the context being saved; it is
    /// passed in because the context itself runs the reactions). Returns what to run after commit,
    /// or null when nothing was written.
    /// </summary>
    Task<Action?> ReactAsync(IApplicationDbContext db, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken);
}
