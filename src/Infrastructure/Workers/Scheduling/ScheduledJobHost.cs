using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VoiceTraining.Infrastructure.Workers.Scheduling;

/// <summary>
/// Runs the scheduled jobs in every instance: it looks for due runs at least once a minute (more
/// often when a job's interval is shorter), claims each due one in <see cref="JobSchedules"/> (one
/// instance wins a run), runs it, and records the outcome. A failed run is logged and tried again
/// after a back-off; stopping the host cancels the run in progress, whose lease then lets another
/// instance take it once it expires.
/// </summary>
internal sealed partial class ScheduledJobHost(
    IEnumerable<IScheduledJob> jobs, JobSchedules schedules, TimeProvider clock, ILogger<ScheduledJobHost> logger) : BackgroundService
{
    /// <summary>How long a claimed run is an instance's before others may take it (runs take seconds).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan MaxPoll = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinPoll = TimeSpan.FromSeconds(1);

    private readonly List<IScheduledJob> _jobs = jobs.ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_jobs.Count == 0) return;
        var poll = _jobs.Select(j => j.Interval).Append(MaxPoll).Min();
        if (poll < MinPoll) poll = MinPoll;
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var job in _jobs)
            {
                if (stoppingToken.IsCancellationRequested) return;
                await RunIfDueAsync(job, stoppingToken);
            }
            try { await Task.Delay(poll, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Claims and runs the job if a run is due; returns whether it ran (successfully or not).</summary>
    internal async Task<bool> RunIfDueAsync(IScheduledJob job, CancellationToken cancellationToken)
    {
        Guid? token;
        try
        {
            token = await schedules.TryClaimAsync(job.Name, Lease, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogClaimFailed(logger, ex, job.Name);
            return false;
        }
        if (token is not { } lease) return false;

        try
        {
            await job.RunAsync(cancellationToken);
            await schedules.CompleteAsync(job.Name, lease, job.Interval, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and the run comes due again.
            return true;
        }
        catch (Exception ex)
        {
            LogRunFailed(logger, ex, job.Name);
            try { await schedules.FailAsync(job.Name, lease, job.Interval, ex.Message, CancellationToken.None); }
            catch (Exception settle) when (settle is not OperationCanceledException) { LogClaimFailed(logger, settle, job.Name); }
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled job {Job} failed; it is tried again after a back-off")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read or write the schedule of job {Job}; trying again at the next poll")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception, string job);
}
