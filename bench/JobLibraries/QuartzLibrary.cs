// Quartz.NET 4.7 with its ADO.NET job store on PostgreSQL, clustered: one job (JobDetail) and one
// one-shot trigger per delivery, fired by the scheduler's thread pool.
using Npgsql;
using Quartz;

namespace JobLibraries;

/// <summary>The delivery as a Quartz job: the id and endpoint travel in the job's data map.</summary>
public sealed class WebhookJob : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var map = context.MergedJobDataMap;
        await Delivery.SendAsync(Guid.Parse(map.GetString("id")!), map.GetString("endpoint")!, cancellationToken);
    }
}

public sealed class QuartzLibrary(Options o) : IJobLibrary
{
    private IScheduler _scheduler = null!;
    private int _threads;

    public async Task SetupAsync(bool createSchema)
    {
        // The thread pool is how many jobs run at once; Quartz's default is 10. The batch it acquires
        // per round defaults to the pool size on a persistent store (MaxBatchSize 0, automatic).
        _threads = o.Concurrency > 0 ? o.Concurrency : 10;
        var builder = QuartzSchedulerBuilder.Create(q =>
        {
            q.UseDefaultThreadPool(_threads);
            q.UsePersistentStore(s =>
            {
                s.UsePostgres(o.Database);
                s.UseClustering();
                s.UseSystemTextJsonSerializer();
                if (createSchema) s.ProvisionSchema();
                // A drain enqueues 20,000 triggers that are all due before processing starts; they must
                // fire, not go through misfire handling, so the threshold is above the enqueue time.
                s.ConfigureStore(store => store.MisfireThreshold = TimeSpan.FromMinutes(10));
            });
        });
        _scheduler = await builder.BuildScheduler();
    }

    public async Task EnqueueAsync(IReadOnlyList<(Guid Id, string Endpoint)> jobs)
    {
        // One ScheduleJobs call (one transaction) per 100 jobs for a backlog, one per steady tick.
        foreach (var chunk in jobs.Chunk(100))
        {
            var map = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>();
            foreach (var (id, endpoint) in chunk)
            {
                var job = JobBuilder.Create<WebhookJob>()
                    .WithIdentity(id.ToString(), "webhooks")
                    .UsingJobData("id", id.ToString())
                    .UsingJobData("endpoint", endpoint)
                    .RequestRecovery() // re-run after a node dies mid-job (at least once)
                    .Build();
                var trigger = TriggerBuilder.Create().WithIdentity(id.ToString(), "webhooks").StartNow().Build();
                map[job] = [trigger];
            }
            await _scheduler.ScheduleJobs(map, new ScheduleJobOptions());
        }
    }

    public async Task StartProcessingAsync() => await _scheduler.Start();
    public async Task PauseProcessingAsync() => await _scheduler.Standby();

    public async Task<long> PendingAsync()
    {
        await using var c = new NpgsqlConnection(o.Database);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("select (select count(*) from qrtz_triggers) + (select count(*) from qrtz_fired_triggers)", c);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public string Describe() => $"threads={_threads} clustered=true";

    public async ValueTask DisposeAsync()
    {
        if (_scheduler is not null) await _scheduler.Shutdown(waitForJobsToComplete: false);
    }
}
