using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace VoiceTraining.Infrastructure.Resilience;

/// <summary>Polly.Core pipelines for outgoing HTTP calls (Polly.Extensions is not available: see docs/adr/0004).</summary>
public static class HttpResilience
{
    /// <summary>
    /// Retries network errors, timeouts, 408, 429 and 5xx with exponential backoff and jitter
    /// (honouring Retry-After), with a timeout per try.
    /// </summary>
    public static ResiliencePipeline<HttpResponseMessage> Standard(int maxRetries, TimeSpan baseDelay, TimeSpan attemptTimeout, TimeProvider? clock = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (clock is not null) builder.TimeProvider = clock;
        return builder
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxRetries,
                Delay = baseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(IsTransient),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                // A response that is retried is thrown away: free its connection.
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddTimeout(attemptTimeout)
            .Build();
    }

    public static bool IsTransient(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;

    /// <summary>The server's Retry-After, capped at a minute; null lets the backoff decide.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var retryAfter = response?.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return delay is { } d && d > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(d.Ticks, TimeSpan.FromMinutes(1).Ticks)) : null;
    }
}

/// <summary>Runs every request of an HttpClient through a resilience pipeline.</summary>
public sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(async ct => await base.SendAsync(request, ct), cancellationToken);
}
