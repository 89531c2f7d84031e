namespace VoiceTraining.Infrastructure.Workers;

/// <summary>
/// Wakes a background worker at once instead of at its next poll. Notifications while it is busy
/// collapse into one: the worker looks for all due work each time it wakes.
/// </summary>
internal class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); }
            catch (SemaphoreFullException) { }
        }
    }

    /// <summary>Returns when notified (true) or after the timeout (false).</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }
}
