namespace VoiceTraining.Infrastructure.Workers.Scheduling;

/// <summary>
/// Work that runs every <see cref="Interval"/> across all instances: each due run is claimed by
/// one instance only (<see cref="JobSchedules"/>), so a scan does not run once per instance.
/// </summary>
internal interface IScheduledJob
{
    /// <summary>The job's row in job_schedules; stable across releases.</summary>
    string Name { get; }

    /// <summary>Time from the end of one successful run to the next.</summary>
    TimeSpan Interval { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
