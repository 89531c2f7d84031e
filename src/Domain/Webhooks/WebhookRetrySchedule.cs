using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Webhooks;

/// <summary>How one HTTP attempt ended, as far as the retry rules care.</summary>
public enum WebhookFailureKind
{
    None,
    /// <summary>The endpoint answered with a status code (see the code).</summary>
    HttpStatus,
    /// <summary>No answer within the time limit.</summary>
    Timeout,
    /// <summary>DNS, connection refused/reset, TLS handshake …</summary>
    Network,
    /// <summary>The URL resolves to an address we never send to (SSRF guard).</summary>
    Blocked,
}

public sealed record WebhookAttemptResult(int? StatusCode, WebhookFailureKind Failure, string? Error = null, TimeSpan? RetryAfter = null)
{
    public bool Succeeded => Failure == WebhookFailureKind.None && StatusCode is >= 200 and < 300;

    public static WebhookAttemptResult FromStatus(int statusCode, TimeSpan? retryAfter = null) =>
        statusCode is >= 200 and < 300
            ? new(statusCode, WebhookFailureKind.None)
            : new(statusCode, WebhookFailureKind.HttpStatus, DescribeStatus(statusCode), retryAfter);

    private static string DescribeStatus(int statusCode) => statusCode switch
    {
        >= 300 and < 400 => $"HTTP {statusCode}: redirects are not followed; point the webhook at the final URL.",
        410 => "HTTP 410 Gone: the receiver unsubscribed; the endpoint was disabled.",
        _ => $"HTTP {statusCode}",
    };
}

/// <summary>What happens to a delivery after an attempt.</summary>
public sealed record WebhookDeliveryDecision(WebhookDeliveryStatus Status, DateTimeOffset? NextAttemptAt, string? DisableEndpointReason)
{
    public bool Retries => Status == WebhookDeliveryStatus.Pending;
}

/// <summary>
/// The retry rules of outbound webhooks: attempts at 0 s, 1 min, 5 min, 30 min, 2 h and 12 h (the
/// integration contract's schedule) with ±10 % jitter so retries of many deliveries spread out;
/// retry on 5xx, 408, 429, redirects, timeouts and network errors; other 4xx fail at once; 410
/// Gone also switches the endpoint off (the REST-hook unsubscribe signal). The waits themselves
/// are <see cref="Schedule"/>, a <see cref="RetrySchedule"/> like every background job's; what is
/// webhook-specific here is which answers are retried and what 410 means.
/// </summary>
public static class WebhookRetrySchedule
{
    /// <summary>Attempts in all, the first included (<see cref="Schedule"/>'s, as a constant for default arguments).</summary>
    public const int MaxAttempts = 6;
    public const double Jitter = 0.10;
    /// <summary>A receiver's Retry-After is honoured up to this long, so it cannot park a delivery for days.</summary>
    public static readonly TimeSpan RetryAfterCap = TimeSpan.FromHours(12);

    /// <summary>The waits after failed attempts 1 to 5, jittered, stretched by a Retry-After up to the cap.</summary>
    public static readonly RetrySchedule Schedule = new(
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)],
        Jitter, RetryAfterCap);

    /// <summary>Delay before attempt n+1 (index n), measured from attempt n; index 0 is the first attempt.</summary>
    public static readonly IReadOnlyList<TimeSpan> Delays = [TimeSpan.Zero, .. Schedule.Delays];

    public static bool IsRetryable(WebhookAttemptResult result) => result.Failure switch
    {
        WebhookFailureKind.None => false,
        WebhookFailureKind.Timeout or WebhookFailureKind.Network => true,
        WebhookFailureKind.Blocked => false,
        _ => result.StatusCode switch
        {
            >= 500 => true,
            408 or 429 => true,
            >= 300 and < 400 => true,
            _ => false,
        },
    };

    /// <summary>
    /// Decides after attempt <paramref name="runAttempt"/> (1-based, within the current run) of at most
    /// <paramref name="maxAttempts"/> (and never more than the schedule's). <paramref name="random"/>
    /// is in [0, 1) and picks the jitter.
    /// </summary>
    public static WebhookDeliveryDecision Decide(int runAttempt, int maxAttempts, WebhookAttemptResult result, DateTimeOffset now, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runAttempt, 1);
        var disable = result.StatusCode == 410 ? "The receiver answered 410 Gone (unsubscribed)." : null;
        if (result.Succeeded) return new(WebhookDeliveryStatus.Succeeded, null, null);
        if (!IsRetryable(result) || runAttempt >= maxAttempts)
            return new(WebhookDeliveryStatus.Failed, null, disable);
        return Schedule.NextAttempt(runAttempt, now, result.RetryAfter, random) is { } next
            ? new(WebhookDeliveryStatus.Pending, next, null)
            : new(WebhookDeliveryStatus.Failed, null, disable);
    }

    /// <summary>
    /// The wait after attempt <paramref name="runAttempt"/> (1-based) failed: the schedule's step,
    /// jittered, or the receiver's Retry-After if longer (up to the cap).
    /// </summary>
    public static TimeSpan NextDelay(int runAttempt, TimeSpan? retryAfter, double random) => Schedule.Delay(runAttempt, retryAfter, random);
}
