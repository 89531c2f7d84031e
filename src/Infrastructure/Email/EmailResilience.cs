using System.Globalization;
using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>
/// The retry pipeline of the email providers' clients, run by <see cref="Resilience.ResilienceHandler"/>:
/// network errors, timeouts, 408, 5xx and 429 are retried with exponential backoff and jitter. A
/// 429's wait is the provider's: Retry-After, else ratelimit-reset (Resend's headers). A wait longer
/// than <see cref="EmailSettings.MaxRetryAfter"/> (a daily quota, say) is not waited for here: the
/// answer goes back to the outbox, which decides. Resend retries are safe because the request keeps
/// its Idempotency-Key.
/// </summary>
public static class EmailResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Pipeline(EmailSettings settings, TimeProvider? clock = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (clock is not null) builder.TimeProvider = clock;
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.MaxRetryAfter,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => ShouldRetry(r, settings.MaxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r ? WaitFor(r) : null),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }
        return builder.AddTimeout(settings.AttemptTimeout).Build();
    }

    public static bool ShouldRetry(HttpResponseMessage response, TimeSpan maxWait)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests) return WaitFor(response) is not { } wait || wait <= maxWait;
        return response.StatusCode == HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500;
    }

    /// <summary>How long the provider asks to wait: Retry-After (seconds or a date), else ratelimit-reset (seconds).</summary>
    public static TimeSpan? WaitFor(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (delay is null && response.Headers.TryGetValues("ratelimit-reset", out var reset)
            && double.TryParse(reset.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            delay = TimeSpan.FromSeconds(seconds);
        return delay is { } d && d > TimeSpan.Zero ? d : null;
    }
}
