using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using VoiceTraining.Infrastructure.Resilience;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>
/// The resilience handler of the email providers' clients: network errors, timeouts, 408, 5xx and 429
/// are retried (<see cref="EmailSettings.MaxRetries"/>) with exponential backoff and jitter from
/// <see cref="EmailSettings.RetryBaseDelay"/>, each try bounded by <see cref="EmailSettings.AttemptTimeout"/>.
/// A 429's wait is the provider's (<see cref="RetryAfter.Requested(HttpResponseMessage)"/>); a wait longer than
/// <see cref="EmailSettings.MaxRetryAfter"/> (a daily quota, say) is not waited for here: the answer
/// goes back to the outbox, which decides. Resend retries are safe because the request keeps its
/// Idempotency-Key. Waits run on the registered <see cref="TimeProvider"/>, which Polly takes from DI.
/// </summary>
public static class EmailResilience
{
    public const string PipelineName = "email";

    public static IHttpClientBuilder AddEmailResilienceHandler(this IHttpClientBuilder client, EmailSettings settings)
    {
        client.AddResilienceHandler(PipelineName, pipeline =>
        {
            // Polly needs at least one retry attempt; none configured means no retry strategy at all.
            if (settings.MaxRetries > 0) pipeline.AddRetry(Retry(settings));
            pipeline.AddTimeout(settings.AttemptTimeout);
        });
        return client;
    }

    private static HttpRetryStrategyOptions Retry(EmailSettings settings) => new()
    {
        MaxRetryAttempts = settings.MaxRetries,
        Delay = settings.RetryBaseDelay,
        MaxDelay = settings.MaxRetryAfter,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } answer
            ? ShouldRetry(answer, settings.MaxRetryAfter)
            : HttpClientResiliencePredicates.IsTransient(args.Outcome)),
        DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } answer ? RetryAfter.Requested(answer) : null),
    };

    public static bool ShouldRetry(HttpResponseMessage response, TimeSpan maxWait)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests) return RetryAfter.Requested(response) is not { } wait || wait <= maxWait;
        return response.StatusCode == HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500;
    }
}
