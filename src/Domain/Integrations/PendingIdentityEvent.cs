using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Integrations;

public enum PendingIdentityEventStatus
{
    /// <summary>Waiting for its organization; retried when due (or held under a lease while a retry runs).</summary>
    Pending,
    /// <summary>Given up after its keep period; kept for inspection, not retried.</summary>
    Expired,
}

/// <summary>
/// An identity-provider event that could not be applied yet because it names an organization the
/// platform does not know (a membership that arrived before its organization.created). Kept and
/// retried rather than lost; global, since its organization is not known yet. The background
/// engine claims it under a lease (next_attempt_at, lease_token); once applied it is removed.
/// </summary>
public sealed class PendingIdentityEvent : Entity
{
    /// <summary>The first retry comes this long after the event arrived.</summary>
    public static readonly TimeSpan FirstRetryAfter = TimeSpan.FromMinutes(1);

    public string Provider { get; private set; } = "";
    public string EventId { get; private set; } = "";
    public string EventType { get; private set; } = "";
    /// <summary>The event as the application understood it (JSON), applied again on retry.</summary>
    public string Payload { get; private set; } = "";
    /// <summary>The provider's id of the organization the event waits for.</summary>
    public string AwaitedOrganization { get; private set; } = "";
    public PendingIdentityEventStatus Status { get; private set; }
    /// <summary>Retries made so far (the position in the retry schedule).</summary>
    public int Attempts { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    /// <summary>When the next retry is due; during a lease, when the lease ends.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }
    /// <summary>Set while a worker holds the event; only that worker applies it or writes its outcome.</summary>
    public Guid? LeaseToken { get; private set; }
    /// <summary>After this the event is given up (kept for inspection, not retried).</summary>
    public DateTimeOffset ExpiresAt { get; private set; }
    public string? LastError { get; private set; }

    private PendingIdentityEvent() { }

    public PendingIdentityEvent(string provider, string eventId, string eventType, string payload, string awaitedOrganization,
        string reason, DateTimeOffset now, TimeSpan keepFor)
    {
        Provider = provider;
        EventId = eventId;
        EventType = eventType;
        Payload = payload;
        AwaitedOrganization = awaitedOrganization;
        Status = PendingIdentityEventStatus.Pending;
        ReceivedAt = now;
        ExpiresAt = now + keepFor;
        LastError = reason;
        NextAttemptAt = now + FirstRetryAfter;
    }

    /// <summary>Whether a retry at <paramref name="at"/> would come after the keep period.</summary>
    public bool IsExpired(DateTimeOffset at) => at >= ExpiresAt;
}
