using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VoiceTraining.Infrastructure.Workers.Queues;

/// <summary>
/// The one polling worker of the background engine, run once per job type. It claims due items
/// up to its free slots, handles each on its own task, and settles the outcomes in batches from a
/// single writer; it wakes on its <see cref="WakeSignal"/> (notified after the commit that queued
/// work) or at the poll interval, backs off while claims fail, and at shutdown stops claiming and
/// gives the items in hand a grace period before cancelling them (their leases bring them back).
/// </summary>
internal sealed partial class QueueWorker<TItem, TOutcome>(
    IClaimStrategy<TItem> claims,
    IQueueJob<TItem, TOutcome> job,
    WakeSignal wake,
    QueueWorkerOptions options,
    ILogger<QueueWorker<TItem, TOutcome>> logger) : BackgroundService
{
    /// <summary>How soon a worker whose slots are all busy looks again (a finishing item also wakes it).</summary>
    private static readonly TimeSpan BusyRecheck = TimeSpan.FromMilliseconds(20);

    private readonly Channel<TOutcome> _outcomes = Channel.CreateUnbounded<TOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _handlers = new();
    private int _inFlight;
    // 1 while a claim is under way: the items it brings will end soon, so their outcomes are worth waiting for.
    private int _claiming;

    /// <summary>Items being handled by this instance now.</summary>
    internal int InFlight => Volatile.Read(ref _inFlight);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writer = Task.Run(WriteOutcomesAsync, CancellationToken.None);
        var backoff = options.ErrorBackoff;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wanted = Math.Min(options.MaxConcurrency - InFlight, options.BatchSize);
                var claimed = 0;
                var wait = options.PollInterval;
                if (wanted <= 0) wait = BusyRecheck;
                else
                {
                    try
                    {
                        IReadOnlyList<TItem> batch;
                        Volatile.Write(ref _claiming, 1);
                        try { batch = await claims.ClaimAsync(wanted, stoppingToken); }
                        finally { Volatile.Write(ref _claiming, 0); }
                        claimed = batch.Count;
                        foreach (var item in batch)
                        {
                            Interlocked.Increment(ref _inFlight);
                            _ = Task.Run(() => HandleAsync(item), CancellationToken.None);
                        }
                        backoff = options.ErrorBackoff;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                    {
                        LogClaimFailed(logger, ex, options.Name, backoff);
                        wait = backoff;
                        backoff = backoff * 2 < options.PollInterval ? backoff * 2 : options.PollInterval;
                    }
                }
                // A full batch means more may be due: claim again at once. Otherwise wait for a nudge or the poll.
                if (claimed > 0 && claimed == wanted) continue;
                try { await wake.WaitAsync(wait, stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
        finally
        {
            await DrainAsync();
            _outcomes.Writer.TryComplete();
            await writer;
        }
    }

    private async Task HandleAsync(TItem item)
    {
        try
        {
            var outcome = await job.HandleAsync(item, _handlers.Token);
            _outcomes.Writer.TryWrite(outcome);
        }
        catch (OperationCanceledException) when (_handlers.IsCancellationRequested)
        {
            // Cancelled at shutdown: the lease brings the item back.
        }
        catch (Exception ex)
        {
            LogHandlerFailed(logger, ex, options.Name, job.Describe(item));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            if (claims.Released(item)) wake.Notify();
        }
    }

    /// <summary>Lets the items in hand finish within the grace period, then cancels the rest.</summary>
    private async Task DrainAsync()
    {
        var deadline = DateTime.UtcNow + options.ShutdownGrace;
        while (InFlight > 0 && DateTime.UtcNow < deadline) await Task.Delay(20, CancellationToken.None);
        if (InFlight == 0) return;
        await _handlers.CancelAsync();
        var cancelled = DateTime.UtcNow.AddSeconds(2);
        while (InFlight > 0 && DateTime.UtcNow < cancelled) await Task.Delay(20, CancellationToken.None);
    }

    private async Task WriteOutcomesAsync()
    {
        var batch = new List<TOutcome>();
        var reader = _outcomes.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < options.SettleBatchSize && reader.TryRead(out var outcome)) batch.Add(outcome);
            if (batch.Count < options.SettleBatchSize && options.SettleGatherDelay > TimeSpan.Zero && (InFlight > 0 || Volatile.Read(ref _claiming) == 1))
            {
                // Items end one by one: gather those ending in the next moment too, so a drain takes
                // fewer, larger transactions. A claim under way counts as work in hand: quick items
                // may all end while the next claim runs, and settling each wave apart doubles the writes.
                await Task.Delay(options.SettleGatherDelay, CancellationToken.None);
                while (batch.Count < options.SettleBatchSize && reader.TryRead(out var outcome)) batch.Add(outcome);
            }
            try
            {
                await job.SettleAsync(batch, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Not written: the leases run out and those items are handled again (at least once).
                LogSettleFailed(logger, ex, options.Name, batch.Count);
                await Task.Delay(options.ErrorBackoff, CancellationToken.None);
            }
            batch.Clear();
        }
    }

    public override void Dispose()
    {
        _handlers.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background job {Job}: claiming failed; trying again in {Backoff}")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception, string job, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "Background job {Job}: item {Item} failed unexpectedly; it is tried again when its lease ends")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string job, string item);

    [LoggerMessage(Level = LogLevel.Error, Message = "Background job {Job}: writing {Count} outcomes failed; those items are tried again when their leases end")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string job, int count);
}
