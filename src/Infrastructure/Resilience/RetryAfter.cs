using System.Globalization;

namespace VoiceTraining.Infrastructure.Resilience;

/// <summary>How long an HTTP answer asks the caller to wait before trying again.</summary>
public static class RetryAfter
{
    /// <summary>
    /// Retry-After (seconds or an HTTP date), else RateLimit-Reset (seconds; Resend sends it with its
    /// 429s, as the IETF RateLimit header fields describe); null when the answer names no wait.
    /// </summary>
    public static TimeSpan? Requested(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (delay is null && response.Headers.TryGetValues("ratelimit-reset", out var reset)
            && double.TryParse(reset.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            delay = TimeSpan.FromSeconds(seconds);
        return delay is { } d && d > TimeSpan.Zero ? d : null;
    }

    /// <summary>The wait the answer asks for, never longer than <paramref name="cap"/>; null when it names none (the backoff decides).</summary>
    public static TimeSpan? Requested(HttpResponseMessage? response, TimeSpan cap) =>
        response is not null && Requested(response) is { } wait ? (wait < cap ? wait : cap) : null;
}
