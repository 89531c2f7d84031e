namespace VoiceTraining.Infrastructure.Workers.Scheduling;

/// <summary>
/// The schedule of one <see cref="IScheduledJob"/> (table job_schedules): when it is next due,
/// who holds the current run (a lease token until a time, so a crashed instance's run comes due
/// again), and how the last run went. Written by <see cref="JobSchedules"/> with plain SQL.
/// </summary>
public sealed class JobSchedule
{
    public string Name { get; private set; } = "";
    public DateTimeOffset NextRunAt { get; private set; }
    public Guid? LeaseToken { get; private set; }
    public DateTimeOffset? LeasedUntil { get; private set; }
    public DateTimeOffset? LastRunAt { get; private set; }
    /// <summary>Runs that failed in a row; the next try waits longer each time (up to the interval).</summary>
    public int Failures { get; private set; }
    public string? LastError { get; private set; }

    private JobSchedule() { }
}
