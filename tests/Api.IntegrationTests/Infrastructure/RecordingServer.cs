using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>
/// The voice provider's recording host, played by Kestrel on 127.0.0.1 (port chosen by the OS).
/// Each recording URL follows a script of replies, one per request (the last one repeats), and
/// the server counts the requests each URL received.
/// </summary>
public sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Script> _scripts = new(StringComparer.Ordinal);

    private RecordingServer(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:port, no trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<RecordingServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new RecordingServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Urls.Single().TrimEnd('/');
        return server;
    }

    /// <summary>Publishes a recording at a new URL ending in <paramref name="fileName"/> that answers with these replies in turn.</summary>
    public string Serve(string fileName, params Reply[] replies)
    {
        if (replies.Length == 0) throw new ArgumentException("A recording needs at least one reply.", nameof(replies));
        var path = $"/recordings/{Guid.NewGuid():N}/{fileName}";
        _scripts[path] = new Script(replies);
        return BaseUrl + path;
    }

    /// <summary>How many requests the URL has received.</summary>
    public int RequestsTo(string url) => _scripts.TryGetValue(new Uri(url).AbsolutePath, out var script) ? script.Requests : 0;

    /// <summary>Audio bytes (deterministic, not all alike) of the given length.</summary>
    public static byte[] AudioBytes(int length, int seed = 7) => Enumerable.Range(0, length).Select(i => (byte)((i * 31 + seed) % 251)).ToArray();

    private async Task HandleAsync(HttpContext context)
    {
        if (!_scripts.TryGetValue(context.Request.Path.Value ?? "", out var script))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var reply = script.Next();
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await reply.WriteAsync(context, aborted.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up (a timeout) or the server is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private sealed class Script(Reply[] replies)
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public Reply Next()
        {
            var n = Interlocked.Increment(ref _requests);
            return replies[Math.Min(n, replies.Length) - 1];
        }
    }
}

/// <summary>One answer of the <see cref="RecordingServer"/>.</summary>
public sealed class Reply
{
    private readonly Func<HttpContext, CancellationToken, Task> _write;

    private Reply(Func<HttpContext, CancellationToken, Task> write) => _write = write;

    internal Task WriteAsync(HttpContext context, CancellationToken cancellationToken) => _write(context, cancellationToken);

    /// <summary>
    /// 200 with the bytes. <paramref name="declareLength"/> false sends them chunked (no Content-Length);
    /// <paramref name="before"/> is awaited before answering (to hold requests in flight);
    /// <paramref name="stallAfter"/> sends only that many bytes and then goes silent.
    /// </summary>
    public static Reply Audio(byte[] bytes, string? contentType = "audio/mpeg", bool declareLength = true, Func<Task>? before = null, int? stallAfter = null) =>
        new(async (context, ct) =>
        {
            if (before is not null) await before().WaitAsync(ct);
            context.Response.StatusCode = StatusCodes.Status200OK;
            if (contentType is not null) context.Response.ContentType = contentType;
            if (declareLength) context.Response.ContentLength = bytes.Length;
            var end = Math.Min(stallAfter ?? bytes.Length, bytes.Length);
            for (var offset = 0; offset < end; offset += 1024)
            {
                await context.Response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(1024, end - offset)), ct);
                await context.Response.Body.FlushAsync(ct);
            }
            if (stallAfter is not null) await Task.Delay(Timeout.Infinite, ct);
        });

    /// <summary>200 announcing a body of this length (Content-Length) whose bytes never come: only a client that trusts the header is done quickly.</summary>
    public static Reply DeclaredLengthOnly(long length, string contentType = "audio/mpeg") =>
        new(async (context, ct) =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = contentType;
            context.Response.ContentLength = length;
            await context.Response.StartAsync(ct);
            await context.Response.Body.FlushAsync(ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

    /// <summary>A redirect (302 unless given) to <paramref name="location"/>.</summary>
    public static Reply Redirect(string location, int statusCode = StatusCodes.Status302Found) =>
        new((context, _) =>
        {
            context.Response.StatusCode = statusCode;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        });

    /// <summary>An error status, optionally with Retry-After in seconds.</summary>
    public static Reply Status(int statusCode, int? retryAfterSeconds = null) =>
        new((context, _) =>
        {
            context.Response.StatusCode = statusCode;
            if (retryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });

    /// <summary>Never answers (until the client gives up); <paramref name="arrived"/> is completed when the request comes in.</summary>
    public static Reply Hang(TaskCompletionSource? arrived = null) =>
        new(async (_, ct) =>
        {
            arrived?.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
}
