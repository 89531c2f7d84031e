namespace VoiceTraining.Domain.Common;

/// <summary>
/// Something that happened in an organization that other parts of the product react to (webhooks,
/// email, the dashboard). Saved in the same transaction as the change that raised it.
/// </summary>
public abstract record DomainEvent
{
    public Guid OrgId { get; init; }
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>The event type as integrators see it, e.g. "scenario.completed".</summary>
    public abstract string Type { get; }
}

/// <summary>An entity that raises domain events; the persistence layer collects them on save.</summary>
public interface IHasDomainEvents
{
    IReadOnlyList<DomainEvent> DomainEvents { get; }
    void ClearDomainEvents();
}
