namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>
/// Waits for a state to be reached (polling it), for tests of background work: the check is the
/// state that proves the behaviour, and the timeout only bounds a failure, never decides a pass.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Returns once <paramref name="done"/> holds; throws a <see cref="TimeoutException"/> saying <paramref name="because"/> if it never does.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> done, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting until {because}.");
            await Task.Delay(20);
        }
    }

    /// <inheritdoc cref="EventuallyAsync(Func{Task{bool}}, string, TimeSpan?)"/>
    public static Task EventuallyAsync(Func<bool> done, string because, TimeSpan? timeout = null) =>
        EventuallyAsync(() => Task.FromResult(done()), because, timeout);
}
