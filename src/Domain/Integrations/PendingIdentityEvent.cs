using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Integrations;

/// <summary>
/// An identity-provider event that could not be applied yet because it names an organization the
/// platform does not know (a membership that arrived before its organization.created). Kept and
/// retried rather than lost; global, since its organization is not known yet.
/// </summary>
public sealed class PendingIdentityEvent : Entity
{
    /// <summary>Retries back off up to this interval.</summary>
    public static readonly TimeSpan MaxRetryInterval = TimeSpan.FromHours(1);

    public string Provider { get; private set; } = "";
    public string EventId { get; private set; } = "";
    public string EventType { get; private set; } = "";
    /// <summary>The event as the application understood it (JSON), applied again on retry.</summary>
    public string Payload { get; private set; } = "";
    /// <summary>The provider's id of the organization the event waits for.</summary>
    public string AwaitedOrganization { get; private set; } = "";
    public int Attempts { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
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
        ReceivedAt = now;
        ExpiresAt = now + keepFor;
        LastError = reason;
        NextAttemptAt = now + TimeSpan.FromMinutes(1);
    }

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>Still waiting: try again later, doubling the wait up to <see cref="MaxRetryInterval"/>.</summary>
    public void StillWaiting(string reason, DateTimeOffset now)
    {
        Attempts++;
        LastError = reason;
        var wait = TimeSpan.FromMinutes(Math.Pow(2, Math.Min(Attempts, 10)));
        NextAttemptAt = now + (wait < MaxRetryInterval ? wait : MaxRetryInterval);
    }

    /// <summary>The awaited organization arrived: retry at once.</summary>
    public void RetryNow(DateTimeOffset now) => NextAttemptAt = now;
}
