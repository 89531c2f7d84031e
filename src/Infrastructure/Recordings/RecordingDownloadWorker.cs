using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Infrastructure.Recordings;

/// <summary>Wakes the recording worker when a download is due.</summary>
internal sealed class RecordingDownloadSignal : Workers.WakeSignal, IRecordingDownloadSignal;

public sealed class RecordingOptions
{
    public string Root { get; set; } = ".local/storage";
    public long MaxBytes { get; set; } = 200L * 1024 * 1024;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>A claimed download is someone else's to retry after this long (the worker that took it crashed).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);
    public int BatchSize { get; set; } = 5;
}

/// <summary>
/// Copies recordings from the voice provider (whose URLs expire) into our storage. Claims due
/// downloads with FOR UPDATE SKIP LOCKED and a lease, so API instances share the work and a crash
/// loses nothing; failures are retried on the attempt's schedule, then marked failed.
/// </summary>
internal sealed partial class RecordingDownloadWorker(
    IServiceScopeFactory scopes,
    RecordingDownloadSignal signal,
    RecordingOptions options,
    TimeProvider clock,
    ILogger<RecordingDownloadWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var done = 0;
            try
            {
                done = await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLoopFailed(logger, ex);
            }
            if (done == 0)
            {
                try { await signal.WaitAsync(options.PollInterval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Downloads what is due now; returns how many it handled.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = clock.GetUtcNow();
        var leaseUntil = now + options.Lease;
        var ids = await db.Database.SqlQuery<Guid>($"""
            UPDATE scenario_attempts SET recording_next_attempt_at = {leaseUntil}
            WHERE id IN (SELECT id FROM scenario_attempts
                         WHERE recording_status = 'Pending' AND recording_next_attempt_at <= {now}
                         ORDER BY recording_next_attempt_at LIMIT {options.BatchSize}
                         FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);

        foreach (var id in ids) await DownloadOneAsync(id, cancellationToken);
        return ids.Count;
    }

    private async Task DownloadOneAsync(Guid attemptId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<IRecordingStorage>();
        var downloader = scope.ServiceProvider.GetRequiredService<RecordingDownloader>();
        var attempt = await db.Attempts.IgnoreQueryFilters().SingleAsync(a => a.Id == attemptId, cancellationToken);
        if (attempt.RecordingSourceUrl is null) return;

        if (!Uri.TryCreate(attempt.RecordingSourceUrl, UriKind.Absolute, out var source) || source.Scheme is not ("https" or "http"))
        {
            attempt.RecordingDownloadFailed("The recording URL is not an http(s) URL.", clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        try
        {
            await using var download = await downloader.DownloadAsync(source, options.MaxBytes, cancellationToken);
            var key = $"{attempt.OrgId}/{attempt.Id}.{download.Extension}";
            await storage.SaveAsync(key, download.Content, cancellationToken);
            attempt.RecordingStored(key, download.ContentType, download.Bytes, clock.GetUtcNow());
            LogStored(logger, attempt.Id, download.Bytes);
        }
        catch (Exception ex) when (ex is HttpRequestException or RecordingDownloadException or TimeoutException
                                       or Polly.Timeout.TimeoutRejectedException or IOException or UriFormatException
                                       || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            attempt.RecordingDownloadFailed(ex.Message, clock.GetUtcNow());
            LogFailed(logger, attempt.Id, attempt.RecordingDownloadAttempts, ex.Message);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored the recording of attempt {AttemptId} ({Bytes} bytes)")]
    private static partial void LogStored(ILogger logger, Guid attemptId, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording download for attempt {AttemptId} failed (try {Try}): {Error}")]
    private static partial void LogFailed(ILogger logger, Guid attemptId, int @try, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The recording worker's loop failed; it continues")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
