// Background-job libraries on the webhook-delivery workload. See RESULTS.md and bench/job-libraries.sh.
//
//   dotnet VoiceTraining.Bench.JobLibraries.dll <quartz|wolverine|cap> <drain|steady|work> --db URL --receiver URL ...
//
// drain:  creates the library's schema, warms up (--warmup jobs), stops processing, enqueues --jobs
//         jobs durably (half to <prefix>-a, half to <prefix>-b), starts processing and measures until
//         every job has been handled and the library's tables show none left.
// steady: creates the schema, starts processing, warms up, then enqueues --rate jobs/s for --seconds
//         (rate/100 jobs every 10 ms) and measures enqueue (call start, so the commit is included) to
//         handler start; --enqueue-log writes "id,enqueue_us" for the arrival latency.
//         With --enqueue-only it kills itself once the jobs are stored (the backlog stays in the tables).
// work:   starts processing on an existing schema (after a kill -9 of a drain) and runs until the
//         library's tables show nothing left.
// Figures are printed as one "RESULT key=value ..." line (TRACE lines with --trace).
using System.Globalization;
using JobLibraries;

var o = Options.Parse(args);
Delivery.Receiver = o.Receiver;
IJobLibrary lib = o.Library switch
{
    "quartz" => new QuartzLibrary(o),
    "wolverine" => new WolverineLibrary(o),
    "cap" => new CapLibrary(o),
    _ => throw new ArgumentException($"unknown library {o.Library}"),
};
using var trace = o.Trace ? new SqlTrace() : null;
var inv = CultureInfo.InvariantCulture;
string F(double d) => d.ToString("F1", inv);

async Task WaitAsync(Func<bool> done, string what)
{
    var deadline = DateTime.UtcNow.AddSeconds(o.Timeout);
    while (!done())
    {
        if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} not done within {o.Timeout}s (completed {Delivery.Completed})");
        await Task.Delay(5);
    }
}

async Task<long> WaitSettledAsync()
{
    var deadline = DateTime.UtcNow.AddSeconds(o.Timeout);
    while (await lib.PendingAsync() > 0)
    {
        if (DateTime.UtcNow > deadline) throw new TimeoutException($"the store still had jobs after {o.Timeout}s");
        await Task.Delay(100);
    }
    return Delivery.NowUs();
}

List<(Guid Id, string Endpoint)> Jobs(int n, string prefix) =>
    Enumerable.Range(0, n).Select(i => (Guid.CreateVersion7(), Delivery.EndpointOf(prefix, i))).ToList();

async Task WarmUpAsync()
{
    if (o.Warmup <= 0) return;
    Delivery.Reset();
    await lib.EnqueueAsync(Jobs(o.Warmup, "warm"));
    await WaitAsync(() => Interlocked.Read(ref Delivery.Completed) >= o.Warmup, "warm-up");
    await WaitSettledAsync();
    Console.Error.WriteLine($"bench: warm-up of {o.Warmup} jobs done");
}

var setupUs = Delivery.NowUs();
await lib.SetupAsync(createSchema: o.Mode != "work");
Console.Error.WriteLine($"bench: {o.Library} {o.Mode}: {lib.Describe()}");
try
{
    switch (o.Mode)
    {
        case "drain":
        {
            await lib.StartProcessingAsync();
            await WarmUpAsync();
            await lib.PauseProcessingAsync();
            Delivery.Reset();
            var jobs = Jobs(o.Jobs, o.Prefix);
            var e0 = Delivery.NowUs();
            await lib.EnqueueAsync(jobs);
            var e1 = Delivery.NowUs();
            Console.Error.WriteLine($"bench: enqueued {o.Jobs} in {(e1 - e0) / 1e6:F1}s");
            if (o.EnqueueOnly)
            {
                Console.WriteLine($"RESULT lib={o.Library} mode=enqueue jobs={o.Jobs} {lib.Describe()} enqueue_s={F((e1 - e0) / 1e6)} enqueue_per_s={o.Jobs / ((e1 - e0) / 1e6):F0}");
                Console.Out.Flush();
                System.Diagnostics.Process.GetCurrentProcess().Kill(); // as a crash: no graceful stop
            }
            trace?.Clear();
            var pg0 = await PgCounters.ReadAsync(o.Database);
            var t0 = Delivery.NowUs();
            Console.WriteLine($"START_US {t0}");
            await lib.StartProcessingAsync();
            await WaitAsync(() => Interlocked.Read(ref Delivery.Completed) >= o.Jobs, "drain");
            var settled = await WaitSettledAsync();
            await Task.Delay(600); // the statistics are reported every 500 ms
            var pg1 = await PgCounters.ReadAsync(o.Database);
            var handled = Delivery.LastDoneUs;
            Console.WriteLine($"RESULT lib={o.Library} mode=drain jobs={o.Jobs} {lib.Describe()} enqueue_s={F((e1 - e0) / 1e6)} enqueue_per_s={o.Jobs / ((e1 - e0) / 1e6):F0} " +
                $"drain_s={F((handled - t0) / 1e6)} drain_per_s={o.Jobs / ((handled - t0) / 1e6):F0} settled_s={F((settled - t0) / 1e6)} settled_per_s={o.Jobs / ((settled - t0) / 1e6):F0} " +
                $"completed={Delivery.Completed} failed={Delivery.Failed} {pg1.Since(pg0, o.Jobs)}");
            trace?.Print(o.Jobs);
            break;
        }
        case "steady":
        {
            await lib.StartProcessingAsync();
            await WarmUpAsync();
            Delivery.Reset();
            Delivery.RecordStarts = true;
            var perTick = Math.Max(1, o.Rate / 100);
            var tickMs = perTick * 1000.0 / o.Rate;
            var ticks = (int)(o.Seconds * 1000 / tickMs);
            var enqueued = new System.Collections.Concurrent.ConcurrentDictionary<Guid, long>();
            var inFlight = new SemaphoreSlim(64);
            var tasks = new List<Task>();
            var pg0 = await PgCounters.ReadAsync(o.Database);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var total = 0;
            for (var t = 0; t < ticks; t++)
            {
                var wait = t * tickMs - sw.Elapsed.TotalMilliseconds;
                if (wait > 1) await Task.Delay(TimeSpan.FromMilliseconds(wait));
                var batch = Jobs(perTick, "steady");
                total += batch.Count;
                await inFlight.WaitAsync();
                tasks.Add(Task.Run(async () =>
                {
                    try
                    {
                        var at = Delivery.NowUs();
                        foreach (var j in batch) enqueued[j.Id] = at;
                        await lib.EnqueueAsync(batch);
                    }
                    finally { inFlight.Release(); }
                }));
            }
            await Task.WhenAll(tasks);
            var span = sw.Elapsed.TotalSeconds;
            await WaitAsync(() => Interlocked.Read(ref Delivery.Completed) >= total, "steady");
            await WaitSettledAsync();
            var pg1 = await PgCounters.ReadAsync(o.Database);
            var lat = enqueued.Where(kv => Delivery.Started.ContainsKey(kv.Key)).Select(kv => (Delivery.Started[kv.Key] - kv.Value) / 1000.0);
            if (o.EnqueueLog != "")
                await File.WriteAllLinesAsync(o.EnqueueLog, enqueued.Select(kv => $"{kv.Key},{kv.Value}"));
            Console.WriteLine($"RESULT lib={o.Library} mode=steady {lib.Describe()} jobs={total} seconds={F(span)} achieved_per_s={total / span:F0} {Stats.Latency("start_ms", lat)} completed={Delivery.Completed} failed={Delivery.Failed} {pg1.Since(pg0, total)}");
            trace?.Print(total);
            break;
        }
        case "work":
        {
            // Timed from before the library was built: it may start processing while it starts.
            var t0 = setupUs;
            await lib.StartProcessingAsync();
            var settled = await WaitSettledAsync();
            var first = Delivery.FirstStartUs; var last = Delivery.LastDoneUs;
            var rate = last > first ? Delivery.Completed / ((last - first) / 1e6) : 0;
            Console.WriteLine($"RESULT lib={o.Library} mode=work {lib.Describe()} settled_s={F((settled - t0) / 1e6)} first_job_s={F(first > 0 ? (first - t0) / 1e6 : -1)} completed={Delivery.Completed} failed={Delivery.Failed} first_to_last_per_s={rate:F0} settled_per_s={Delivery.Completed / ((settled - t0) / 1e6):F0}");
            break;
        }
        default: throw new ArgumentException($"unknown mode {o.Mode}");
    }
}
finally
{
    await lib.DisposeAsync();
}

/// <summary>What the driver needs of a library.</summary>
public interface IJobLibrary : IAsyncDisposable
{
    /// <summary>Builds the library on the database (its schema too, when asked), without processing yet.</summary>
    Task SetupAsync(bool createSchema);
    /// <summary>Stores the jobs durably (returns once committed).</summary>
    Task EnqueueAsync(IReadOnlyList<(Guid Id, string Endpoint)> jobs);
    Task StartProcessingAsync();
    Task PauseProcessingAsync();
    /// <summary>Jobs the library's tables still hold (not finished).</summary>
    Task<long> PendingAsync();
    string Describe();
}
