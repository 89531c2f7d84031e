using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Webhooks;

/// <summary>
/// One event as integrators receive it: the exact JSON body, fixed when the event happened, so
/// every retry and replay sends the same bytes. Its id is the payload's idempotency_key and the
/// X-Webhook-Id / webhook-id header.
/// </summary>
public sealed class WebhookMessage : ITenantOwned
{
    public Guid Id { get; private set; }
    public Guid OrgId { get; private set; }
    public string EventType { get; private set; } = "";
    public string Payload { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    private WebhookMessage() { }

    public WebhookMessage(Guid id, Guid orgId, string eventType, string payload, DateTimeOffset createdAt)
    {
        Id = id;
        OrgId = orgId;
        EventType = eventType;
        Payload = payload;
        CreatedAt = createdAt;
    }
}
