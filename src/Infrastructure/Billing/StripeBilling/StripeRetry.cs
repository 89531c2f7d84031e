using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace VoiceTraining.Infrastructure.Billing.StripeBilling;

public sealed record StripeRetryOptions
{
    /// <summary>Retries after the first try (so at most MaxRetries + 1 requests).</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>First backoff; doubles per retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bounds the whole call, retries and waits included (HttpClient.Timeout); each try has its own
    /// <see cref="AttemptTimeout"/> inside it.
    /// </summary>
    public TimeSpan TotalTimeout => AttemptTimeout * (MaxRetries + 1) + MaxDelay * MaxRetries + TimeSpan.FromSeconds(5);
}

/// <summary>
/// The one place Stripe calls are retried: a resilience pipeline on the HttpClient that Stripe.net sends
/// through (its own retries are off). Safe for POSTs because every POST carries an Idempotency-Key and
/// a retry resends the same request message, key included, so Stripe replays rather than repeats.
/// </summary>
public static class StripeRetry
{
    /// <summary>Name of the resilience pipeline on Stripe's HttpClient (it shows in resilience telemetry).</summary>
    public const string PipelineName = "stripe";

    /// <summary>Retries (Stripe's rule, below; Retry-After honoured up to the cap) around a timeout per try.</summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddStripeRetry(this ResiliencePipelineBuilder<HttpResponseMessage> builder, StripeRetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return builder
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Retry-After is read below, capped; the built-in reading has no cap.
                ShouldRetryAfterHeader = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(ShouldRetry),
                DelayGenerator = args => ValueTask.FromResult(Resilience.RetryAfter.Requested(args.Outcome.Result, options.MaxDelay)),
            })
            .AddTimeout(options.AttemptTimeout);
    }

    /// <summary>
    /// Stripe's own advice wins: <c>Stripe-Should-Retry: true</c> or <c>false</c> decides. Without it,
    /// 429 and 5xx are retried; other answers (4xx: the request itself is wrong, or a card was declined) are final.
    /// </summary>
    public static bool ShouldRetry(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode) return false;
        if (response.Headers.TryGetValues("Stripe-Should-Retry", out var values))
        {
            var advice = values.FirstOrDefault()?.Trim();
            if (string.Equals(advice, "true", StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(advice, "false", StringComparison.OrdinalIgnoreCase)) return false;
        }
        return response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
    }
}
