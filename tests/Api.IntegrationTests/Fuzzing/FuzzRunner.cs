using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Fuzzing;

/// <summary>How a run is sized: from FUZZ_REQUESTS and FUZZ_SEED when set (bench/fuzz.sh), else the CI sample.</summary>
public sealed record FuzzSettings(int Requests, int Seed, int Parallelism)
{
    public const int CiRequests = 3_000;
    public const int CiSeed = 20_260_101;

    public static FuzzSettings FromEnvironment() => new(
        Number("FUZZ_REQUESTS") ?? CiRequests,
        Number("FUZZ_SEED") ?? CiSeed,
        Number("FUZZ_PARALLELISM") ?? 4);

    private static int? Number(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>Sends a seeded run's requests and keeps the figures and the failures.</summary>
public sealed class FuzzRunner(RequestGenerator generator, HttpClient admin, HttpClient anonymous)
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    public async Task<FuzzReport> RunAsync(FuzzSettings settings, CancellationToken cancellationToken = default)
    {
        var report = new FuzzReport(settings);
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, settings.Requests, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
            async (index, ct) => report.Record(await SendAsync(generator.Generate(index), ct)));
        report.Elapsed = clock.Elapsed;
        return report;
    }

    public async Task<FuzzResult> SendAsync(FuzzRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerTimeout);
        try
        {
            using var message = request.ToHttpRequestMessage();
            var (answer, body) = await (request.Anonymous ? anonymous : admin).SendAndReadAsync(message, timeout.Token);
            using var response = answer;
            var status = (int)response.StatusCode;
            var (outcome, why) = FuzzVerdict.Judge(request, status, response.Content.Headers.ContentType, body);
            return new FuzzResult(request, status, outcome, why is null ? null : why + ": " + FuzzRequest.Shorten(Encoding.UTF8.GetString(body), 300));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            if (request.MayCloseConnection) return new FuzzResult(request, 0, FuzzOutcome.KestrelRefusal, null);
            return new FuzzResult(request, 0, FuzzOutcome.NoAnswer, $"no answer: {e.GetType().Name}: {e.Message} {e.InnerException?.Message}");
        }
    }
}

public sealed record FuzzResult(FuzzRequest Request, int Status, FuzzOutcome Outcome, string? Why);

/// <summary>A run's figures: requests sent, statuses, 5xx, 4xx that were not problems, and the failures themselves.</summary>
public sealed class FuzzReport(FuzzSettings settings)
{
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private readonly ConcurrentDictionary<string, int> _mutations = new();
    private readonly ConcurrentDictionary<string, int> _operations = new();
    private readonly ConcurrentDictionary<string, int> _refusals = new();
    private readonly ConcurrentQueue<FuzzResult> _failures = new();
    private int _sent, _serverErrors, _notProblems, _kestrelRefusals, _noAnswers;

    public FuzzSettings Settings => settings;
    public TimeSpan Elapsed { get; set; }
    public int Sent => _sent;
    public int ServerErrors => _serverErrors;
    public int NotProblems => _notProblems;
    public int KestrelRefusals => _kestrelRefusals;
    public int NoAnswers => _noAnswers;
    public IReadOnlyDictionary<int, int> Statuses => _statuses;
    public IReadOnlyCollection<string> OperationsCovered => [.. _operations.Keys];
    public IReadOnlyList<FuzzResult> Failures => [.. _failures.OrderBy(f => f.Request.Index)];
    public bool Passed => _serverErrors == 0 && _notProblems == 0 && _noAnswers == 0;

    public void Record(FuzzResult result)
    {
        Interlocked.Increment(ref _sent);
        _statuses.AddOrUpdate(result.Status, 1, (_, n) => n + 1);
        _mutations.AddOrUpdate(result.Request.Mutation, 1, (_, n) => n + 1);
        _operations.AddOrUpdate((result.Request.Anonymous ? "anonymous " : "admin ") + result.Request.Operation, 1, (_, n) => n + 1);
        switch (result.Outcome)
        {
            case FuzzOutcome.ServerError: Interlocked.Increment(ref _serverErrors); break;
            case FuzzOutcome.NotAProblem: Interlocked.Increment(ref _notProblems); break;
            case FuzzOutcome.NoAnswer: Interlocked.Increment(ref _noAnswers); break;
            case FuzzOutcome.KestrelRefusal:
                Interlocked.Increment(ref _kestrelRefusals);
                _refusals.AddOrUpdate($"{result.Request.Mutation} {result.Status}", 1, (_, n) => n + 1);
                break;
        }
        if (result.Outcome is FuzzOutcome.ServerError or FuzzOutcome.NotAProblem or FuzzOutcome.NoAnswer) _failures.Enqueue(result);
    }

    /// <summary>The figures, and the first failures with how to replay the run.</summary>
    public string Summary(int failuresShown = 25)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"fuzz: seed {settings.Seed}, {Sent} requests sent in {Elapsed.TotalSeconds:F1} s ({settings.Parallelism} in parallel), {_operations.Count} operation × identity pairs")
            .AppendLine(CultureInfo.InvariantCulture, $"fuzz: statuses {string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "none" : s.Key)}: {s.Value}"))}")
            .AppendLine(CultureInfo.InvariantCulture, $"fuzz: 5xx {ServerErrors}, 4xx not application/problem+json {NotProblems}, no answer {NoAnswers}, Kestrel's own empty refusals (allowed) {KestrelRefusals}")
            .AppendLine(CultureInfo.InvariantCulture, $"fuzz: Kestrel's refusals by mutation and status: {string.Join(", ", _refusals.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}: {r.Value}"))}")
            .AppendLine(CultureInfo.InvariantCulture, $"fuzz: mutations {string.Join(", ", _mutations.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value}"))}");
        foreach (var failure in Failures.Take(failuresShown))
            text.AppendLine(CultureInfo.InvariantCulture, $"FAIL {failure.Why}{Environment.NewLine}     {failure.Request.Describe()}");
        if (Failures.Count > failuresShown) text.AppendLine(CultureInfo.InvariantCulture, $"… and {Failures.Count - failuresShown} more failures");
        if (!Passed) text.AppendLine(CultureInfo.InvariantCulture, $"Replay: FUZZ_SEED={settings.Seed} FUZZ_REQUESTS={settings.Requests} dotnet test tests/Api.IntegrationTests -c Release --filter \"FullyQualifiedName~OpenApiFuzzTests\"");
        return text.ToString();
    }
}
