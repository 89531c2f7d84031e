using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Webhooks;

public enum WebhookDeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// One message on its way to one endpoint. Written in the transaction that caused the event; the
/// dispatcher claims it when due (next_attempt_at doubles as the lease while an attempt runs).
/// </summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid OrgId { get; private set; }
    public Guid MessageId { get; private set; }
    public Guid EndpointId { get; private set; }
    public string EventType { get; private set; } = "";
    public WebhookDeliveryStatus Status { get; private set; }
    /// <summary>Attempts made in total (numbers the log).</summary>
    public int AttemptCount { get; private set; }
    /// <summary>Attempts since the delivery was (re)queued: the position in the retry schedule.</summary>
    public int RunAttempts { get; private set; }
    /// <summary>Attempts this run may make (1 for a test send, the schedule's length otherwise).</summary>
    public int MaxAttempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    /// <summary>Set while a dispatcher holds the delivery; a result is only written by the holder.</summary>
    public Guid? LeaseToken { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }
    public int? LastStatusCode { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    public WebhookEndpoint? Endpoint { get; private set; }
    public WebhookMessage? Message { get; private set; }

    private WebhookDelivery() { }

    /// <summary>A delivery of the message to one endpoint; <paramref name="firstAttemptAt"/> (default: now) is when the dispatcher may first take it.</summary>
    public WebhookDelivery(WebhookMessage message, Guid endpointId, DateTimeOffset now, int maxAttempts = WebhookRetrySchedule.MaxAttempts, DateTimeOffset? firstAttemptAt = null)
    {
        OrgId = message.OrgId;
        MessageId = message.Id;
        EventType = message.EventType;
        EndpointId = endpointId;
        Status = WebhookDeliveryStatus.Pending;
        MaxAttempts = maxAttempts;
        NextAttemptAt = firstAttemptAt ?? now;
        CreatedAt = now;
    }

    /// <summary>Sends it again from the start of the schedule, with the same message id.</summary>
    public void Requeue(DateTimeOffset now)
    {
        Status = WebhookDeliveryStatus.Pending;
        RunAttempts = 0;
        MaxAttempts = WebhookRetrySchedule.MaxAttempts;
        NextAttemptAt = now;
        LeaseToken = null;
        CompletedAt = null;
    }
}

/// <summary>One HTTP attempt of a delivery, as shown in the delivery log.</summary>
public sealed class WebhookDeliveryAttempt : ITenantOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid OrgId { get; private set; }
    public Guid DeliveryId { get; private set; }
    public Guid EndpointId { get; private set; }
    public int AttemptNumber { get; private set; }
    public DateTimeOffset AttemptedAt { get; private set; }
    public bool Succeeded { get; private set; }
    public int? StatusCode { get; private set; }
    public int DurationMs { get; private set; }
    public string? Error { get; private set; }
    public string? ResponseBody { get; private set; }

    private WebhookDeliveryAttempt() { }

    public WebhookDeliveryAttempt(Guid id, Guid orgId, Guid deliveryId, Guid endpointId, int attemptNumber, DateTimeOffset attemptedAt,
        bool succeeded, int? statusCode, int durationMs, string? error, string? responseBody)
    {
        Id = id;
        OrgId = orgId;
        DeliveryId = deliveryId;
        EndpointId = endpointId;
        AttemptNumber = attemptNumber;
        AttemptedAt = attemptedAt;
        Succeeded = succeeded;
        StatusCode = statusCode;
        DurationMs = durationMs;
        Error = error;
        ResponseBody = responseBody;
    }
}

/// <summary>How much of a receiver's answer the delivery log keeps.</summary>
public static class WebhookLogLimits
{
    public const int ResponseBodyChars = 4096;
}
