namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>
/// A clock that stands still until told to move: schedules measured in minutes and hours are
/// passed by <see cref="Advance"/>, not by waiting. Timers and timestamps stay the system's.
/// By default it starts at the current whole second, so the times it gives survive PostgreSQL's
/// microsecond precision unchanged and can be compared exactly.
/// Not FakeTimeProvider: that one also holds back every timer and delay until it is advanced, and the
/// host under test runs background loops, retry pipelines and a rate limiter that must keep waiting
/// in real time while the date stands still.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public ManualClock()
        : this(new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
