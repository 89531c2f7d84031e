using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Email;

/// <summary>
/// When the outbox tries an email again after a failed send (the adapter's own quick retries
/// already ran): 1 min, 5 min, 30 min, 2 h, 12 h, then it is failed. Sends are idempotent at the
/// provider (Resend's Idempotency-Key = the message id), so a retry never sends twice there.
/// Also the daily cap's days: held emails wait for the next UTC day.
/// </summary>
public static class EmailRetrySchedule
{
    /// <summary>
    /// The schedule as data, without jitter (a handful of emails a day need no spreading). A
    /// provider's Retry-After longer than the step wins, up to a day: no quota a provider resets
    /// lasts longer, and a wild header must not park an email for weeks.
    /// </summary>
    public static readonly RetrySchedule Retries = new(
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)],
        RetryAfterCap: TimeSpan.FromDays(1));

    /// <summary>Sends in all, the first included.</summary>
    public static int MaxAttempts => Retries.MaxAttempts;

    /// <summary>
    /// After failed send number <paramref name="attempts"/> (1-based): when to try again, or null
    /// to give up. A provider's Retry-After longer than the step wins.
    /// </summary>
    public static DateTimeOffset? NextAttempt(int attempts, DateTimeOffset now, TimeSpan? retryAfter = null) =>
        Retries.NextAttempt(attempts, now, retryAfter);

    /// <summary>The start of the next UTC day: when held emails are released.</summary>
    public static DateTimeOffset NextUtcDay(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1);
    }

    /// <summary>The start of the UTC day of <paramref name="now"/>: the daily cap counts sends from here.</summary>
    public static DateTimeOffset UtcDayStart(DateTimeOffset now) => NextUtcDay(now).AddDays(-1);
}
