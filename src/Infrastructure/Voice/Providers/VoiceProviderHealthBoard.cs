using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceTraining.Domain.Voice;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Infrastructure.Voice.Providers;

/// <summary>
/// This instance's copy of the shared health state (voice_provider_health): read again when it is
/// older than VoiceProviders:StateRefreshInterval (one small query, by one caller at a time; the
/// others use the copy meanwhile), and updated at once by what this instance writes. A failed read
/// keeps the last copy: the database being down must not make every provider look unhealthy.
/// </summary>
internal sealed partial class VoiceProviderHealthBoard(IServiceScopeFactory scopes, VoiceProviderSettings settings, ILogger<VoiceProviderHealthBoard> logger)
    : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile IReadOnlyDictionary<string, VoiceProviderHealth> _rows = new Dictionary<string, VoiceProviderHealth>();
    // Monotonic, not the app's clock: freshness of a cache, not a business time.
    private long _readAt = long.MinValue;

    public async ValueTask<IReadOnlyDictionary<string, VoiceProviderHealth>> CurrentAsync(CancellationToken cancellationToken)
    {
        if (Environment.TickCount64 - Interlocked.Read(ref _readAt) < (long)settings.StateRefreshInterval.TotalMilliseconds) return _rows;
        if (!await _refresh.WaitAsync(0, cancellationToken)) return _rows;
        try
        {
            var rows = await Detached.RunAsync(async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
                return await db.VoiceProviderHealth.AsNoTracking().ToListAsync(cancellationToken);
            });
            _rows = rows.ToDictionary(r => r.Provider, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogReadFailed(logger, e);
        }
        finally
        {
            Interlocked.Exchange(ref _readAt, Environment.TickCount64);
            _refresh.Release();
        }
        return _rows;
    }

    /// <summary>A row this instance just wrote.</summary>
    public void Apply(VoiceProviderHealth row)
    {
        var rows = new Dictionary<string, VoiceProviderHealth>(_rows, StringComparer.Ordinal) { [row.Provider] = row };
        _rows = rows;
    }

    public void Dispose() => _refresh.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the voice providers' health state; using the last copy")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}

/// <summary>
/// Runs work without the caller's execution context: what a request's breaker or cache does in the
/// background must not act as that request's tenant (the scope it opens would resolve the caller
/// from the flowing HTTP context), but as no one, like every other background job.
/// </summary>
internal static class Detached
{
    public static Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        using (ExecutionContext.SuppressFlow()) return Task.Run(work);
    }

    public static Task RunAsync(Func<Task> work)
    {
        using (ExecutionContext.SuppressFlow()) return Task.Run(work);
    }
}
