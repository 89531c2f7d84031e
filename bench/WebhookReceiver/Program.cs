// A fast local webhook receiver for bench/webhook-delivery.sh, and the stand-in for the product's
// other outbound peers in bench/reliability (Resend's send API and a recording host).
//
//   dotnet VoiceTraining.Bench.WebhookReceiver.dll <port> <log file>
//
// Listens on 127.0.0.1:<port> only. Every POST /{endpoint} is answered 204 as soon as its body is
// read, and recorded as one line "endpoint,id,arrival" in the log file, where id is the webhook-id
// header (X-Webhook-Id if that is missing) and arrival is Unix time in microseconds, taken when the
// request reached the handler. Lines are written by one background writer, so a request never
// waits for the disk.
//
//   POST /emails             Resend's send API: needs a bearer key, a JSON body and an
//                            Idempotency-Key; answers 200 {"id": …} and is logged as endpoint
//                            "emails" with the key as id (the product sends its outbox id there)
//   GET /recordings/{name}   a short WAV recording, logged as endpoint "recordings" with the name
//
// RECEIVER_DELAY_MS (environment, default 0) holds every answer that long, so that requests are
// in flight when a sender is killed, and so that two attempts of one id would overlap visibly.
// Requests with one (endpoint, id) in flight at the same time are counted in "_overlaps".
//
//   GET /stats   {"endpoint": {"received", "distinct", "duplicates"}, ...} plus "_mismatched_ids"
//                (requests whose webhook-id and X-Webhook-Id differed), "_missing_ids" and
//                "_overlaps"
//   GET /received?endpoint=a&endpoint=b   requests received by those endpoints, as a plain number
//   GET /inflight?endpoint=a&endpoint=b   requests of those endpoints being held right now
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
var inFlight = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var inFlightByEndpoint = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
long mismatched = 0, missing = 0, overlaps = 0;
var delay = TimeSpan.FromMilliseconds(int.TryParse(Environment.GetEnvironmentVariable("RECEIVER_DELAY_MS"), CultureInfo.InvariantCulture, out var ms) ? ms : 0);
// A 16-bit mono PCM WAV of one second of silence at 8 kHz: what the recording worker copies.
var recording = Wav(8000);
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

// Records one request for (endpoint, id) and holds it for the configured delay; a second request
// for the same pair arriving while the first is held is an overlap.
async Task Record(string endpoint, string id, long arrival)
{
    received.AddOrUpdate(endpoint, 1, (_, n) => n + 1);
    seen.GetOrAdd(endpoint, _ => new(StringComparer.Ordinal)).AddOrUpdate(id, 1, (_, n) => n + 1);
    lines.Writer.TryWrite(string.Create(CultureInfo.InvariantCulture, $"{endpoint},{id},{arrival}"));
    var key = endpoint + "\n" + id;
    if (inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref overlaps);
    inFlightByEndpoint.AddOrUpdate(endpoint, 1, (_, n) => n + 1);
    try { if (delay > TimeSpan.Zero) await Task.Delay(delay); }
    finally
    {
        inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
        inFlightByEndpoint.AddOrUpdate(endpoint, 0, (_, n) => n - 1);
    }
}

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
    await Record(endpoint, id, arrival);
    return Results.NoContent();
});

app.MapPost("/emails", async (HttpRequest request) =>
{
    var arrival = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
    string? key = request.Headers["Idempotency-Key"];
    string auth = request.Headers.Authorization.ToString();
    using var body = await System.Text.Json.JsonDocument.ParseAsync(request.Body);
    if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || string.IsNullOrEmpty(key)
        || body.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object || !body.RootElement.TryGetProperty("to", out _))
    {
        Interlocked.Increment(ref missing);
        return Results.Json(new { statusCode = 422, name = "validation_error", message = "Bearer key, Idempotency-Key and a JSON body with `to` expected." }, statusCode: 422);
    }
    await Record("emails", key, arrival);
    return Results.Json(new { id = Guid.NewGuid().ToString() });
});

app.MapGet("/recordings/{name}", async (string name) =>
{
    var arrival = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
    await Record("recordings", name, arrival);
    return Results.Bytes(recording, "audio/wav");
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
    result["_overlaps"] = Interlocked.Read(ref overlaps);
    return Results.Json(result);
});

app.MapGet("/received", (HttpRequest request) =>
    Results.Text(request.Query["endpoint"].Sum(e => e is null ? 0 : received.GetValueOrDefault(e)).ToString(CultureInfo.InvariantCulture)));

app.MapGet("/inflight", (HttpRequest request) =>
    Results.Text(request.Query["endpoint"].Sum(e => e is null ? 0 : inFlightByEndpoint.GetValueOrDefault(e)).ToString(CultureInfo.InvariantCulture)));

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

static byte[] Wav(int samples)
{
    using var stream = new MemoryStream();
    using (var w = new BinaryWriter(stream))
    {
        w.Write("RIFF"u8); w.Write(36 + samples * 2); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(8000); w.Write(16000); w.Write((short)2); w.Write((short)16);
        w.Write("data"u8); w.Write(samples * 2); w.Write(new byte[samples * 2]);
    }
    return stream.ToArray();
}
