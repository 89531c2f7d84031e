using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

/// <summary>
/// Vets the target again when HttpClient opens a connection, and connects to exactly the addresses
/// that were vetted. Checking the URL at registration is not enough: DNS can answer a public address
/// then and 127.0.0.1 later (DNS rebinding), and HttpClient would otherwise resolve it itself.
/// </summary>
public static class GuardedConnection
{
    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host through the guard, throws
    /// <see cref="SsrfBlockedException"/> when refused, otherwise connects (TCP, NoDelay) to the vetted
    /// addresses in order, first that accepts wins, never resolving again.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Create(WebhookUrlGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        return async (context, cancellationToken) =>
        {
            var endpoint = context.DnsEndPoint;
            var check = await guard.CheckHostAsync(endpoint.Host, cancellationToken);
            if (!check.Allowed) throw new SsrfBlockedException(check.Reason ?? $"host {endpoint.Host} is not allowed", check.Unresolved);

            ExceptionDispatchInfo? lastFailure = null;
            foreach (var vetted in check.Addresses)
            {
                // A v4 socket for a mapped address: works whether or not the host has IPv6.
                var address = vetted.IsIPv4MappedToIPv6 ? vetted.MapToIPv4() : vetted;
                Socket? socket = null;
                try
                {
                    socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException ex)
                {
                    // Refused or unreachable (or no IPv6 here): try the next vetted address.
                    socket?.Dispose();
                    lastFailure = ExceptionDispatchInfo.Capture(ex);
                }
                catch
                {
                    socket?.Dispose();
                    throw;
                }
            }
            lastFailure?.Throw();
            throw new SsrfBlockedException($"host {endpoint.Host} has no addresses", unresolved: true);
        };
    }

    /// <summary>
    /// A handler for webhook delivery: no redirects (a 3xx could point anywhere), no cookies, no proxy
    /// (a proxy would connect for us, unvetted), 5 s to connect, connections recycled every 2 minutes,
    /// and the guarded connect callback.
    /// </summary>
    /// <remarks>
    /// HTTP/3 runs over QUIC and does not use ConnectCallback: send with the default request version
    /// (HTTP/1.1, RequestVersionOrLower), never RequestVersionOrHigher or 3.0.
    /// <para>
    /// MaxConnectionsPerServer is left unlimited on purpose. The dispatcher already keeps at most
    /// Webhooks:MaxConcurrencyPerEndpoint attempts (hence connections) per endpoint in flight, and
    /// MaxConcurrency in all. A per-host cap here would be the wrong unit and the wrong place: many
    /// endpoints share a host (every Zapier REST hook is on hooks.zapier.com), and a request waiting
    /// for a pooled connection waits inside SendAsync, where the wait counts against the 10 s timeout
    /// and ends as a failed attempt, whereas a delivery over the dispatcher's cap waits in the queue,
    /// unclaimed.
    /// </para>
    /// </remarks>
    public static SocketsHttpHandler CreateHandler(WebhookUrlGuard guard) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        Proxy = null,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = Create(guard),
    };
}
