using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP forwarder on a port of its own to another address (the shared PostgreSQL server), which a
/// test can sever and restore: severed, open connections are cut and new ones refused, as when the
/// database goes down; restored, it listens on the same port again. The server itself is never touched.
/// </summary>
public sealed class SeverableTcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private TcpListener? _listener;
    private CancellationTokenSource _accepting = new();

    private SeverableTcpProxy(IPEndPoint target)
    {
        _target = target;
        Port = StartListening(0);
    }

    public int Port { get; }

    public static SeverableTcpProxy To(string host, int port) =>
        new(new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port));

    /// <summary>Cuts every open connection and refuses new ones.</summary>
    public void Sever()
    {
        _accepting.Cancel();
        _listener?.Stop();
        _listener = null;
        foreach (var client in _open.Keys)
        {
            client.Dispose();
            _open.TryRemove(client, out _);
        }
    }

    /// <summary>Accepts connections on the same port again.</summary>
    public void Restore()
    {
        _accepting = new CancellationTokenSource();
        StartListening(Port);
    }

    private int StartListening(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener, _accepting.Token);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ForwardAsync(inbound);
        }
    }

    private async Task ForwardAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        _open[inbound] = 0;
        _open[outbound] = 0;
        try
        {
            await outbound.ConnectAsync(_target);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // A severed or closed connection: the other side sees it cut.
        }
        finally
        {
            _open.TryRemove(inbound, out _);
            _open.TryRemove(outbound, out _);
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Sever();
        _accepting.Dispose();
        return ValueTask.CompletedTask;
    }
}
