using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Flags;

namespace VoiceTraining.Infrastructure.Live;

/// <summary>
/// LISTENs on a connection of its own (every instance, workers or not) and hands each notification
/// to the cache and the open streams: a flag change clears the flag cache at once. When the
/// connection drops (a database restart) it reconnects with a growing pause, then clears the cache
/// and tells every stream to resync, since changes made meanwhile were not heard (ADR 0021).
/// </summary>
internal sealed partial class LiveUpdateListener(
    NpgsqlDataSource dataSource, LiveUpdateHub hub, FlagSettingsCache flags, ILogger<LiveUpdateListener> logger) : BackgroundService
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    /// <summary>Whether the LISTEN is in place now (for readiness and tests).</summary>
    public bool IsListening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = FirstPause;
        var connectedBefore = false;
        var listenSql = $"LISTEN {LiveUpdateChannel.Name}";
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand(listenSql, connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                IsListening = true;
                pause = FirstPause;
                if (connectedBefore)
                {
                    LogReconnected(logger);
                    flags.Clear();
                    hub.PublishResync();
                }
                connectedBefore = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    // A quiet half minute: ask the server something, so a connection that silently died is
                    // noticed. LISTEN again (a no-op on a channel already listened to) rather than SELECT 1, so
                    // the connection always reads as the listener's in pg_stat_activity.
                    if (await connection.WaitAsync(KeepAlive, stoppingToken)) continue;
                    await using var probe = new NpgsqlCommand(listenSql, connection);
                    await probe.ExecuteNonQueryAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException or InvalidOperationException)
            {
                IsListening = false;
                LogLost(logger, ex.GetType().Name, pause.TotalMilliseconds);
                // Whatever was cached may now be missing a change.
                flags.Clear();
                try { await Task.Delay(pause, stoppingToken); }
                catch (OperationCanceledException) { break; }
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
            finally
            {
                IsListening = false;
            }
        }
    }

    private void Receive(string payload)
    {
        if (LiveUpdateChannel.Deserialize(payload) is not { } update)
        {
            LogUnreadable(logger);
            return;
        }
        if (update.Type == LiveUpdateTypes.FlagChanged) flags.Clear();
        hub.Publish(update);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live updates: the LISTEN connection was lost ({Error}); reconnecting in {PauseMs} ms")]
    private static partial void LogLost(ILogger logger, string error, double pauseMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live updates: listening again; cached flags dropped and open streams told to resync")]
    private static partial void LogReconnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live updates: a notification could not be read and was skipped")]
    private static partial void LogUnreadable(ILogger logger);
}
