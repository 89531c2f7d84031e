using System.Text.Json;
using System.Text.Json.Serialization;
using VoiceTraining.Domain.Common;

namespace VoiceTraining.Infrastructure.Data.Outbox;

/// <summary>
/// A domain event as stored in the transactional outbox: written in the same SaveChanges as the
/// change that raised it, handed to webhooks, email and the dashboard after the commit.
/// </summary>
public sealed class OutboxEvent : ITenantOwned
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid OrgId { get; private set; }
    public string Type { get; private set; } = "";
    public DateTimeOffset OccurredAt { get; private set; }
    /// <summary>The event's fields as JSON (camelCase).</summary>
    public string Payload { get; private set; } = "{}";
    /// <summary>When the consumers took it; null while pending.</summary>
    public DateTimeOffset? DispatchedAt { get; private set; }

    private OutboxEvent() { }

    public static OutboxEvent From(DomainEvent domainEvent) => new()
    {
        OrgId = domainEvent.OrgId,
        Type = domainEvent.Type,
        OccurredAt = domainEvent.OccurredAt,
        Payload = JsonSerializer.Serialize(domainEvent, domainEvent.GetType(), Json),
    };

    public void MarkDispatched(DateTimeOffset now) => DispatchedAt = now;
}
