namespace VoiceTraining.Infrastructure.Email;

/// <summary>
/// At most N requests start in any one-second window (Resend allows 2 per second per team by
/// default). Callers queue in order; time comes from the <see cref="TimeProvider"/>'s monotonic clock.
/// Per instance: with several instances the provider's 429s, which the resilience handler honours, do the rest.
/// </summary>
public sealed class RequestRateLimiter(int perSecond, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<long> _starts = new();

    public int PerSecond { get; } = Math.Max(1, perSecond);

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var now = clock.GetTimestamp();
                while (_starts.Count > 0 && clock.GetElapsedTime(_starts.Peek(), now) >= Window) _starts.Dequeue();
                if (_starts.Count < PerSecond)
                {
                    _starts.Enqueue(now);
                    return;
                }
                await Task.Delay(Window - clock.GetElapsedTime(_starts.Peek(), now), clock, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>Makes every request of an HttpClient (retries included) wait for the limiter.</summary>
public sealed class RateLimitHandler(RequestRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await limiter.WaitAsync(cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
