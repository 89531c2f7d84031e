// A fast local webhook receiver for bench/webhook-delivery.sh.
//
//   dotnet VoiceTraining.Bench.WebhookReceiver.dll <port> <log file>
//
// Listens on 127.0.0.1:<port> only. Every POST /{endpoint} is answered 204 as soon as its body is
// read, and recorded as one line "endpoint,id,arrival" in the log file, where id is the webhook-id
// header (X-Webhook-Id if that is missing) and arrival is Unix time in microseconds, taken when the
// request reached the handler. Lines are written by one background writer, so a request never
// waits for the disk.
//
//   GET /stats   {"endpoint": {"received", "distinct", "duplicates"}, ...} plus "_mismatched_ids"
//                (requests whose webhook-id and X-Webhook-Id differed) and "_missing_ids"
//   GET /received?endpoint=a&endpoint=b   requests received by those endpoints, as a plain number
//   GET /connections   TCP connections that have carried a delivery so far, as a plain number
//   POST /flush  waits until every line recorded so far is in the log file, then answers 204
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;

if (args.Length != 2 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var port))
{
    Console.Error.WriteLine("usage: VoiceTraining.Bench.WebhookReceiver <port> <log file>");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k =>
{
    k.Listen(System.Net.IPAddress.Loopback, port);
    k.AddServerHeader = false;
    k.Limits.MaxConcurrentConnections = null;
});
var app = builder.Build();

var seen = new ConcurrentDictionary<string, ConcurrentDictionary<string, int>>(StringComparer.Ordinal);
var received = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var connections = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
long mismatched = 0, missing = 0;
var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
var flushRequests = Channel.CreateUnbounded<TaskCompletionSource>();

var writer = Task.Run(async () =>
{
    await using var file = new StreamWriter(args[1], append: true) { AutoFlush = false };
    var reader = lines.Reader;
    while (true)
    {
        while (reader.TryRead(out var line)) await file.WriteLineAsync(line);
        await file.FlushAsync();
        // A flush request is answered once everything queued before it is in the file.
        while (flushRequests.Reader.TryRead(out var waiter))
        {
            while (reader.TryRead(out var line)) await file.WriteLineAsync(line);
            await file.FlushAsync();
            waiter.TrySetResult();
        }
        if (reader.Completion.IsCompleted) break;
        await Task.Delay(10);
    }
});

app.MapPost("/{endpoint}", async (string endpoint, HttpRequest request) =>
{
    var arrival = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
    connections.TryAdd(request.HttpContext.Connection.Id, 0);
    string? id = request.Headers["webhook-id"];
    string? xid = request.Headers["X-Webhook-Id"];
    if (id is not null && xid is not null && id != xid) Interlocked.Increment(ref mismatched);
    id ??= xid;
    // Read (and drop) the body, as a real receiver would before answering.
    var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
    try { while (await request.Body.ReadAsync(buffer) > 0) { } }
    finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
    if (string.IsNullOrEmpty(id))
    {
        Interlocked.Increment(ref missing);
        return Results.NoContent();
    }
    received.AddOrUpdate(endpoint, 1, (_, n) => n + 1);
    seen.GetOrAdd(endpoint, _ => new(StringComparer.Ordinal)).AddOrUpdate(id, 1, (_, n) => n + 1);
    lines.Writer.TryWrite(string.Create(CultureInfo.InvariantCulture, $"{endpoint},{id},{arrival}"));
    return Results.NoContent();
});

app.MapGet("/stats", () =>
{
    var result = new Dictionary<string, object>(StringComparer.Ordinal);
    foreach (var (endpoint, ids) in seen)
    {
        var total = received.GetValueOrDefault(endpoint);
        result[endpoint] = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["received"] = total,
            ["distinct"] = ids.Count,
            ["duplicates"] = total - ids.Count,
        };
    }
    result["_mismatched_ids"] = Interlocked.Read(ref mismatched);
    result["_missing_ids"] = Interlocked.Read(ref missing);
    return Results.Json(result);
});

app.MapGet("/received", (HttpRequest request) =>
    Results.Text(request.Query["endpoint"].Sum(e => e is null ? 0 : received.GetValueOrDefault(e)).ToString(CultureInfo.InvariantCulture)));

app.MapGet("/connections", () => Results.Text(connections.Count.ToString(CultureInfo.InvariantCulture)));

app.MapPost("/flush", async () =>
{
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    flushRequests.Writer.TryWrite(done);
    await done.Task;
    return Results.NoContent();
});

await app.RunAsync();
lines.Writer.TryComplete();
await writer;
return 0;
