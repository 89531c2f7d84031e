namespace VoiceTraining.Domain.Common;

/// <summary>Base of every persisted entity: a time-ordered id (UUIDv7 keeps b-tree inserts local).</summary>
public abstract class Entity
{
    public Guid Id { get; protected set; } = Guid.CreateVersion7();
}

/// <summary>Rows that belong to one organization. Every query over them is filtered by the caller's org.</summary>
public interface ITenantOwned
{
    Guid OrgId { get; }
}

/// <summary>A tenant-owned entity with creation/update stamps.</summary>
public abstract class TenantEntity : Entity, ITenantOwned, IHasDomainEvents
{
    private readonly List<DomainEvent> _domainEvents = [];

    public IReadOnlyList<DomainEvent> DomainEvents => _domainEvents;

    public void ClearDomainEvents() => _domainEvents.Clear();

    protected void Raise(DomainEvent domainEvent) => _domainEvents.Add(domainEvent);

    public Guid OrgId { get; protected set; }
    public DateTimeOffset CreatedAt { get; protected set; }
    public DateTimeOffset UpdatedAt { get; protected set; }

    protected TenantEntity() { }

    protected TenantEntity(Guid orgId, DateTimeOffset now)
    {
        if (orgId == Guid.Empty) throw new DomainException("An organization is required.");
        OrgId = orgId;
        CreatedAt = now;
        UpdatedAt = now;
    }

    protected void Touch(DateTimeOffset now) => UpdatedAt = now;
}
