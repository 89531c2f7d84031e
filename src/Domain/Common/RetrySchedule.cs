namespace VoiceTraining.Domain.Common;

/// <summary>
/// When a piece of background work is tried again after a failure, as data: the wait after each
/// failed attempt, a jitter that spreads many retries apart, and how far a provider's Retry-After
/// may stretch a wait. After the last step the work is given up. Every job type of the
/// background engine declares one beside its handler.
/// </summary>
/// <param name="Delays">The wait after failed attempt n (1-based) is Delays[n - 1]; there are Delays.Count + 1 attempts in all.</param>
/// <param name="Jitter">The fraction (0–1) by which a wait may be shortened or lengthened at random.</param>
/// <param name="RetryAfterCap">A Retry-After longer than the step is honoured up to this; null honours none.</param>
public sealed record RetrySchedule(IReadOnlyList<TimeSpan> Delays, double Jitter = 0, TimeSpan? RetryAfterCap = null)
{
    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts => Delays.Count + 1;

    /// <summary>
    /// After failed attempt <paramref name="attempts"/> (1-based): when to try again, or null to
    /// give up. <paramref name="random"/> in [0, 1) picks the jitter (0.5 is none). A Retry-After is
    /// never shorter than the step, and capped at <see cref="RetryAfterCap"/>.
    /// </summary>
    public DateTimeOffset? NextAttempt(int attempts, DateTimeOffset now, TimeSpan? retryAfter = null, double random = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        if (attempts >= MaxAttempts) return null;
        return now + Delay(attempts, retryAfter, random);
    }

    /// <summary>The wait after failed attempt <paramref name="attempts"/> (1-based; past the last step, the last step's).</summary>
    public TimeSpan Delay(int attempts, TimeSpan? retryAfter = null, double random = 0.5)
    {
        var step = Delays[Math.Clamp(attempts, 1, Delays.Count) - 1];
        var jittered = step * (1 - Jitter + (2 * Jitter * Math.Clamp(random, 0, 1)));
        if (retryAfter is not { } wanted || RetryAfterCap is not { } cap) return jittered;
        var capped = wanted < cap ? wanted : cap;
        return capped > jittered ? capped : jittered;
    }
}
