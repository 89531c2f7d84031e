namespace VoiceTraining.Domain.Integrations;

/// <summary>
/// An inbound provider event already handled, keyed by provider and the provider's event id (or a
/// digest of the delivery when the provider has none). Global: inbound events arrive before a tenant is known.
/// </summary>
public sealed class ProcessedInboundEvent
{
    public string Provider { get; private set; } = "";
    public string EventKey { get; private set; } = "";
    public string EventType { get; private set; } = "";
    public DateTimeOffset ReceivedAt { get; private set; }

    private ProcessedInboundEvent() { }

    public ProcessedInboundEvent(string provider, string eventKey, string eventType, DateTimeOffset receivedAt)
    {
        Provider = provider;
        EventKey = eventKey;
        EventType = eventType;
        ReceivedAt = receivedAt;
    }
}
