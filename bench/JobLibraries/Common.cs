// What every library's job does, and the measurements around it, so that only the queue differs.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace JobLibraries;

/// <summary>Command line: lib mode, then --name value pairs.</summary>
public sealed class Options
{
    public string Library = "";
    public string Mode = "";
    public string Database = "";      // a libpq URL or key=value connection string
    public string Receiver = "http://127.0.0.1:8097";
    public int Jobs = 20_000;
    public int Concurrency = 0;       // 0: the library's own default
    public int Rate = 500;
    public int Seconds = 20;
    public int Warmup = 2_000;
    public string EnqueueLog = "";    // steady: "id,enqueue_us" per job, for the arrival latency
    public int Timeout = 300;
    public bool Trace;                // count the SQL commands each job costs (Npgsql's ActivitySource)
    public string Durability = "Balanced"; // Wolverine's DurabilityMode
    public string Prefix = "";        // endpoint name prefix (drain-a/drain-b, fault-a/fault-b)
    public int Buffer;                // Wolverine: the local queue's BufferingLimits.Maximum (0: default)
    public bool EnqueueOnly;          // drain: enqueue, then end the process at once (kill), for "work" to drain

    public static Options Parse(string[] args)
    {
        if (args.Length < 2) throw new ArgumentException("usage: JobLibraries <quartz|wolverine|cap> <drain|steady|work> [--db URL] [--receiver URL] [--jobs N] [--concurrency N] [--rate N] [--seconds N] [--warmup N] [--enqueue-log FILE] [--timeout S] [--trace] [--durability Balanced|Solo] [--prefix drain] [--enqueue-only] [--buffer N]");
        var o = new Options { Library = args[0], Mode = args[1] };
        for (var i = 2; i < args.Length; i++)
        {
            string Next() => args[++i];
            switch (args[i])
            {
                case "--db": o.Database = ToConnectionString(Next()); break;
                case "--receiver": o.Receiver = Next().TrimEnd('/'); break;
                case "--jobs": o.Jobs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--concurrency": o.Concurrency = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rate": o.Rate = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seconds": o.Seconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup": o.Warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--enqueue-log": o.EnqueueLog = Next(); break;
                case "--timeout": o.Timeout = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--trace": o.Trace = true; break;
                case "--durability": o.Durability = Next(); break;
                case "--prefix": o.Prefix = Next(); break;
                case "--enqueue-only": o.EnqueueOnly = true; break;
                case "--buffer": o.Buffer = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (o.Prefix == "") o.Prefix = o.Mode == "steady" ? "steady" : "drain";
        return o;
    }

    /// <summary>postgresql://user@host:port/db to an Npgsql connection string.</summary>
    public static string ToConnectionString(string url)
    {
        if (!url.StartsWith("postgres", StringComparison.Ordinal)) return url;
        var u = new Uri(url);
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = u.Host,
            Port = u.Port > 0 ? u.Port : 5432,
            Database = u.AbsolutePath.TrimStart('/'),
            Username = Uri.UnescapeDataString(u.UserInfo.Split(':')[0]),
            MaxPoolSize = 100,
        };
        if (u.UserInfo.Contains(':')) b.Password = Uri.UnescapeDataString(u.UserInfo.Split(':', 2)[1]);
        return b.ConnectionString;
    }
}

/// <summary>One webhook delivery: a ~1 kB JSON body, signed as the product signs, POSTed to the receiver.</summary>
public static class Delivery
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("whsec_bench_0123456789abcdef0123456789abcdef");
    private static readonly string SecretString = "whsec_bench_0123456789abcdef0123456789abcdef";
    private static readonly string Filler = new('x', 700);

    public static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        MaxConnectionsPerServer = int.MaxValue,
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
    }) { Timeout = TimeSpan.FromSeconds(30) };

    public static string Receiver = "http://127.0.0.1:8097";

    // Measurements, filled by the jobs.
    public static readonly ConcurrentDictionary<Guid, long> Started = new();
    public static long Completed;
    public static long Failed;
    public static long FirstStartUs, LastDoneUs;
    public static volatile bool RecordStarts;

    public static long NowUs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    public static string Body(Guid id, string endpoint) =>
        "{\"id\":\"" + id + "\",\"type\":\"scenario.assigned\",\"created_at\":\"" + DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture) +
        "\",\"data\":{\"assignment_id\":\"" + Guid.NewGuid() + "\",\"endpoint\":\"" + endpoint + "\",\"member\":{\"id\":\"" + Guid.NewGuid() +
        "\",\"email\":\"trainee@acme.test\"},\"scenario\":{\"id\":\"" + Guid.NewGuid() + "\",\"title\":\"Discovery call\"},\"note\":\"" + Filler + "\"}}";

    /// <summary>The job: build, sign, POST; throws unless 2xx, so the library's retry takes over.</summary>
    public static async Task SendAsync(Guid id, string endpoint, CancellationToken ct)
    {
        var start = NowUs();
        Interlocked.CompareExchange(ref FirstStartUs, start, 0);
        if (RecordStarts) Started.TryAdd(id, start);
        var body = Encoding.UTF8.GetBytes(Body(id, endpoint));
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var idText = id.ToString();
        var standard = "v1," + Convert.ToBase64String(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes($"{idText}.{ts}.").Concat(body).ToArray()));
        var contract = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SecretString), body));
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Receiver}/{endpoint}") { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        message.Headers.TryAddWithoutValidation("User-Agent", "bench-job-libraries");
        message.Headers.TryAddWithoutValidation("X-Webhook-Id", idText);
        message.Headers.TryAddWithoutValidation("X-Webhook-Timestamp", ts);
        message.Headers.TryAddWithoutValidation("X-Webhook-Signature", contract);
        message.Headers.TryAddWithoutValidation("webhook-id", idText);
        message.Headers.TryAddWithoutValidation("webhook-timestamp", ts);
        message.Headers.TryAddWithoutValidation("webhook-signature", standard);
        using var response = await Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref Failed);
            throw new HttpRequestException($"receiver answered {(int)response.StatusCode}");
        }
        Interlocked.Increment(ref Completed);
        var done = NowUs();
        long seen;
        do { seen = Interlocked.Read(ref LastDoneUs); } while (done > seen && Interlocked.CompareExchange(ref LastDoneUs, done, seen) != seen);
    }

    public static void Reset()
    {
        Started.Clear();
        Interlocked.Exchange(ref Completed, 0);
        Interlocked.Exchange(ref Failed, 0);
        Interlocked.Exchange(ref FirstStartUs, 0);
        Interlocked.Exchange(ref LastDoneUs, 0);
    }

    public static string EndpointOf(string prefix, int i) => prefix == "steady" ? "steady" : $"{prefix}-{(i % 2 == 0 ? "a" : "b")}";
}

/// <summary>Counts the SQL commands Npgsql sends, by statement, through its ActivitySource.</summary>
public sealed class SqlTrace : IDisposable
{
    private readonly ActivityListener _listener;
    public readonly ConcurrentDictionary<string, int> Counts = new(StringComparer.Ordinal);
    public long Total;

    public SqlTrace()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("Npgsql", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                var text = a.GetTagItem("db.query.text") as string ?? a.GetTagItem("db.statement") as string ?? a.DisplayName;
                text = System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
                if (text.Length > 110) text = text[..110];
                Counts.AddOrUpdate(text, 1, (_, n) => n + 1);
                Interlocked.Increment(ref Total);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Clear() { Counts.Clear(); Interlocked.Exchange(ref Total, 0); }

    public void Print(int jobs)
    {
        Console.WriteLine($"TRACE commands={Total} per_job={(double)Total / jobs:F2}");
        foreach (var (text, n) in Counts.OrderByDescending(kv => kv.Value).Take(25))
            Console.WriteLine($"TRACE {n,8} {(double)n / jobs,6:F2}/job  {text}");
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>PostgreSQL counters of the bench database (pg_stat_database), before and after.</summary>
public sealed record PgCounters(long Commits, long Rollbacks, long Inserted, long Updated, long Deleted, long Returned)
{
    public static async Task<PgCounters> ReadAsync(string cs)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using (var f = new NpgsqlCommand("select pg_stat_clear_snapshot()", c)) await f.ExecuteNonQueryAsync();
        await using var cmd = new NpgsqlCommand("select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_returned from pg_stat_database where datname = current_database()", c);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return new(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5));
    }

    public string Since(PgCounters before, int jobs) =>
        FormattableString.Invariant($"pg_commits={Commits - before.Commits} pg_rollbacks={Rollbacks - before.Rollbacks} pg_commits_per_job={(double)(Commits - before.Commits) / jobs:F2} pg_ins_per_job={(double)(Inserted - before.Inserted) / jobs:F2} pg_upd_per_job={(double)(Updated - before.Updated) / jobs:F2} pg_del_per_job={(double)(Deleted - before.Deleted) / jobs:F2}");
}

public static class Stats
{
    public static double Percentile(List<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = p * (sorted.Count - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    public static string Latency(string name, IEnumerable<double> ms)
    {
        var s = ms.OrderBy(x => x).ToList();
        return FormattableString.Invariant($"{name}_n={s.Count} {name}_p50={Percentile(s, 0.5):F1} {name}_p95={Percentile(s, 0.95):F1} {name}_p99={Percentile(s, 0.99):F1} {name}_max={(s.Count > 0 ? s[^1] : double.NaN):F1}");
    }
}
