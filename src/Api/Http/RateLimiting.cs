using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using VoiceTraining.Api.Authentication;

namespace VoiceTraining.Api.Http;

/// <summary>Request limits (section "RateLimiting"): token buckets per API key and per client IP.</summary>
public sealed class RateLimitSettings
{
    public bool Enabled { get; set; } = true;
    /// <summary>Requests a client IP may burst.</summary>
    public int IpBurst { get; set; } = 300;
    /// <summary>Requests per second a client IP gets back.</summary>
    public int IpPerSecond { get; set; } = 100;
    public int ApiKeyBurst { get; set; } = 120;
    public int ApiKeyPerSecond { get; set; } = 20;
}

/// <summary>
/// ASP.NET Core's rate limiter, chained: an API key's requests count against the key's bucket and
/// every request against its IP's bucket. Over the limit: 429 with Retry-After and a problem body.
/// Provider webhooks opt out ([DisableRateLimiting]): they are signed, and providers burst.
/// </summary>
internal static class RateLimiting
{
    /// <summary>The limiter, configured from the registered <see cref="RateLimitSettings"/> (the composition root binds them).</summary>
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        // Registered even when off: then the middleware is not used (see UseApiRateLimiting).
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>((options, configured) =>
        {
            var settings = configured.Value;
            var perKey = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var keyId = context.User.FindFirst(PlatformClaims.ApiKeyId)?.Value;
                return keyId is null
                    ? RateLimitPartition.GetNoLimiter("no-key")
                    : RateLimitPartition.GetTokenBucketLimiter("key:" + keyId, _ => Bucket(settings.ApiKeyBurst, settings.ApiKeyPerSecond));
            });
            var perIp = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter("ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                    _ => Bucket(settings.IpBurst, settings.IpPerSecond)));
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(perKey, perIp);
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                var who = context.HttpContext.User.FindFirst(PlatformClaims.ApiKeyId) is null ? "this client" : "this API key";
                await Problems.WriteAsync(problems, context.HttpContext, StatusCodes.Status429TooManyRequests,
                    $"Too many requests from {who}. Retry after {seconds} s.");
            };
        });
        return services;
    }

    private static TokenBucketRateLimiterOptions Bucket(int burst, int perSecond) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    public static WebApplication UseApiRateLimiting(this WebApplication app)
    {
        if (app.Services.GetRequiredService<RateLimitSettings>().Enabled) app.UseRateLimiter();
        return app;
    }
}
