using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

namespace VoiceTraining.UnitTests.Infrastructure.Webhooks.Ssrf;

/// <summary>
/// DNS that answers from a table; a host with several answers gives them one per lookup (the last
/// one repeats), which is how a rebinding server behaves. Unknown hosts fail like NXDOMAIN.
/// </summary>
internal sealed class FakeHostResolver : IHostResolver
{
    private readonly Dictionary<string, Queue<IPAddress[]>> answers = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Lookups { get; } = new();

    public FakeHostResolver Answer(string host, params string[] addresses) => Answers(host, addresses);

    public FakeHostResolver Answers(string host, params string[][] answersInOrder)
    {
        answers[host] = new Queue<IPAddress[]>(answersInOrder.Select(a => a.Select(IPAddress.Parse).ToArray()));
        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Lookups.Enqueue(host);
        lock (answers)
        {
            if (!answers.TryGetValue(host, out var queue)) throw new SocketException((int)SocketError.HostNotFound);
            return Task.FromResult(queue.Count > 1 ? queue.Dequeue() : queue.Peek());
        }
    }
}

/// <summary>A bare HTTP/1.1 server on 127.0.0.1 that records what reaches it and answers 204.</summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private int connections;

    public LocalHttpServer()
    {
        listener.Start();
        loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref connections);

    /// <summary>Each request's head (request line and headers) and body.</summary>
    public ConcurrentQueue<(string Head, string Body)> Requests { get; } = new();

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                Interlocked.Increment(ref connections);
                _ = ServeAsync(client);
            }
        }
        // Stopping races the loop: an accept started after listener.Stop() throws "Not listening"
        // (InvalidOperationException) or a SocketException instead of the cancellation.
        catch (Exception) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfBlankLine(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, stop.Token);
            if (read == 0) return;
            received.AddRange(buffer.AsSpan(0, read));
        }
        var head = Encoding.ASCII.GetString(received.GetRange(0, headEnd).ToArray());
        var length = head.Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        while (received.Count < headEnd + 4 + length)
        {
            var read = await stream.ReadAsync(buffer, stop.Token);
            if (read == 0) break;
            received.AddRange(buffer.AsSpan(0, read));
        }
        Requests.Enqueue((head, Encoding.UTF8.GetString(received.Skip(headEnd + 4).ToArray())));
        await stream.WriteAsync("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"u8.ToArray(), stop.Token);
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return i;
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop;
        stop.Dispose();
    }
}
