using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace VoiceTraining.Infrastructure.Billing.Stripe;

public sealed record StripeRetryOptions
{
    /// <summary>Retries after the first try (so at most MaxRetries + 1 requests).</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>First backoff; doubles per retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The retry pipeline for Stripe calls, run by <see cref="Resilience.ResilienceHandler"/>. Safe for POSTs
/// because every POST carries an Idempotency-Key that a retry resends unchanged (the same request
/// message goes through the handler again), so Stripe replays rather than repeats.
/// </summary>
public static class StripeResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Pipeline(StripeRetryOptions? options = null, TimeProvider? clock = null)
    {
        options ??= new StripeRetryOptions();
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (clock is not null) builder.TimeProvider = clock;
        return builder
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(ShouldRetry),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxDelay)),
                // A response that is retried is thrown away: free its connection.
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>
    /// Stripe's own advice wins: <c>Stripe-Should-Retry: true</c> or <c>false</c> decides. Without it,
    /// 429 and 5xx are retried; other answers (4xx: the request itself is wrong, or a card was declined) are final.
    /// </summary>
    public static bool ShouldRetry(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return false;
        if (response.Headers.TryGetValues("Stripe-Should-Retry", out var values))
        {
            var advice = values.FirstOrDefault()?.Trim();
            if (string.Equals(advice, "true", StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(advice, "false", StringComparison.OrdinalIgnoreCase)) return false;
        }
        return response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
    }

    /// <summary>A Retry-After, capped; null lets the backoff decide.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap)
    {
        var delay = response?.Headers.RetryAfter?.Delta;
        return delay is { } d && d > TimeSpan.Zero ? (d < cap ? d : cap) : null;
    }
}
