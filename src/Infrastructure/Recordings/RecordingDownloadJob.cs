using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Common;
using VoiceTraining.Infrastructure.Data;
using VoiceTraining.Infrastructure.Workers.Queues;

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
    /// <summary>Downloads claimed at most at once.</summary>
    public int BatchSize { get; set; } = 5;
    /// <summary>Downloads running at once in this instance.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// The hosts recordings (and each redirect) may be fetched from, comma-separated: a name, an
    /// address, <c>*.domain</c> for any subdomain of it, or <c>*</c> for any host (Development's
    /// setting, where simulated calls' recordings come from the API itself). The default is where
    /// Vapi serves recordings: storage.vapi.ai (its default storage; the artifact URLs in
    /// end-of-call reports, e.g. https://storage.vapi.ai/{id}-mono.wav) and auth.vapi.ai (its
    /// older Supabase storage, /storage/v1/object/public/recordings/…). With a custom storage
    /// bucket (S3, GCS, R2) add that bucket's host.
    /// </summary>
    public string AllowedHosts { get; set; } = "storage.vapi.ai, auth.vapi.ai";

    /// <summary>
    /// Development only: lets recording URLs use http:// and private or loopback addresses (the
    /// simulated calls' sample, local stand-ins). Off elsewhere, where the SSRF guard refuses them.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
}

/// <summary>A due download as claimed: its row, the lease that holds it, and what fetching it needs.</summary>
internal sealed record RecordingDownloadItem(Guid Id, Guid LeaseToken, Guid OrgId, Guid AttemptId, string SourceUrl, int Attempts);

/// <summary>What one try came to: the copy in storage, or why there is none (and whether trying again could help).</summary>
internal sealed record RecordingDownloadTried(RecordingDownloadItem Item, RecordingDownloadTried.Copy? Stored, string? Error, bool Retryable = true)
{
    /// <summary>Where the copy went and what it is.</summary>
    public sealed record Copy(string Key, string ContentType, long Bytes);
}

/// <summary>
/// Background job on recording_downloads: copies a finished call's recording from the voice
/// provider (whose URLs expire) into our storage. Due downloads are claimed under a lease, so
/// instances share the work and a crash loses nothing; a failed try is retried on
/// <see cref="Retries"/>, then the download is given up. The attempt shows the final outcome
/// (stored with its key, type and size, or failed), written with the download's row.
/// </summary>
internal sealed partial class RecordingDownloadJob(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    IRecordingStorage storage,
    RecordingDownloadSignal signal,
    RecordingOptions options,
    TimeProvider clock,
    ILogger<RecordingDownloadJob> logger) : IClaimStrategy<RecordingDownloadItem>, IQueueJob<RecordingDownloadItem, RecordingDownloadTried>
{
    /// <summary>
    /// The wait after each failed try: the provider keeps recordings about 7 days, and the last
    /// try comes about 40 hours after the call.
    /// </summary>
    public static readonly RetrySchedule Retries = new(
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12), TimeSpan.FromHours(24)]);

    private static readonly LeasedTableDefinition Queue = new("recording_downloads", "status = 'Pending'", "next_attempt_at",
        "q.id, q.org_id, q.attempt_id, q.source_url, q.attempts");

    private readonly LeasedTable _table = new(dataSource, Queue);

    /// <summary>The worker that runs this job (as registered where Workers:Enabled).</summary>
    public QueueWorker<RecordingDownloadItem, RecordingDownloadTried> CreateWorker(ILoggerFactory loggers) =>
        new(this, this, signal, new QueueWorkerOptions
        {
            Name = "recording-downloads",
            BatchSize = options.BatchSize,
            MaxConcurrency = options.MaxConcurrency,
            PollInterval = options.PollInterval,
        }, loggers.CreateLogger<QueueWorker<RecordingDownloadItem, RecordingDownloadTried>>());

    public Task<IReadOnlyList<RecordingDownloadItem>> ClaimAsync(int limit, CancellationToken cancellationToken) =>
        _table.ClaimAsync(limit, clock.GetUtcNow(), options.Lease,
            (row, token) => new RecordingDownloadItem(row.GetGuid(0), token, row.GetGuid(1), row.GetGuid(2), row.GetString(3), row.GetInt32(4)),
            cancellationToken);

    public async Task<RecordingDownloadTried> HandleAsync(RecordingDownloadItem item, CancellationToken cancellationToken)
    {
        // A URL that can never be fetched is given up at once: retrying it for days helps nobody.
        if (!Uri.TryCreate(item.SourceUrl, UriKind.Absolute, out var source) || source.Scheme is not ("https" or "http"))
            return Refused(item, "The recording URL is not an http(s) URL.");

        await using var scope = scopes.CreateAsyncScope();
        var downloader = scope.ServiceProvider.GetRequiredService<RecordingDownloader>();
        try
        {
            await using var download = await downloader.DownloadAsync(source, options.MaxBytes, cancellationToken);
            var key = $"{item.OrgId}/{item.AttemptId}.{download.Extension}";
            await storage.SaveAsync(key, download.Content, cancellationToken);
            LogStored(logger, item.AttemptId, download.Bytes);
            return new RecordingDownloadTried(item, new RecordingDownloadTried.Copy(key, download.ContentType, download.Bytes), null);
        }
        catch (RecordingUrlRefusedException ex)
        {
            return Refused(item, ex.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or RecordingDownloadException or TimeoutException
                                       or Polly.Timeout.TimeoutRejectedException or IOException or UriFormatException
                                       || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Failed(item, ex.Message);
        }
    }

    private RecordingDownloadTried Failed(RecordingDownloadItem item, string error)
    {
        LogFailed(logger, item.AttemptId, item.Attempts + 1, error);
        return new RecordingDownloadTried(item, null, Truncate(error));
    }

    /// <summary>A URL (or redirect) the guard refused: failed for good, not retried.</summary>
    private RecordingDownloadTried Refused(RecordingDownloadItem item, string error)
    {
        LogRefused(logger, item.AttemptId, error);
        return new RecordingDownloadTried(item, null, Truncate(error), Retryable: false);
    }

    private static string Truncate(string error) => error.Length > RecordingDownload.MaxError ? error[..RecordingDownload.MaxError] : error;

    /// <summary>
    /// Writes the downloads' outcomes and, for those that finished, the attempts' recordings, in
    /// one transaction; an outcome whose lease was lost writes neither.
    /// </summary>
    public string Describe(RecordingDownloadItem item) => $"recording download {item.Id}";

    public async Task SettleAsync(IReadOnlyList<RecordingDownloadTried> outcomes, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0) return;
        var now = clock.GetUtcNow();
        var settlements = outcomes.Select(o => Settle(o, now)).ToList();
        var refused = new List<string>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var written = await SettleRowsAsync(db, transaction, settlements, cancellationToken);

            var finished = outcomes.Zip(settlements).Where(o => written.Contains(o.First.Item.Id) && o.Second.Status != nameof(RecordingDownloadStatus.Pending))
                .Select(o => o.First).ToList();
            var attemptIds = finished.Select(o => o.Item.AttemptId).ToList();
            var attempts = await db.Attempts.IgnoreQueryFilters().Where(a => attemptIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
            foreach (var outcome in finished)
            {
                if (!attempts.TryGetValue(outcome.Item.AttemptId, out var attempt)) continue;
                if (outcome.Stored is not { } copy) attempt.RecordingFailed(now);
                else if (!attempt.RecordingStored(copy.Key, copy.ContentType, copy.Bytes, now)) refused.Add(copy.Key);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        // The recording was deleted on purpose while it was being copied (its member's account is
        // gone): the copy must not outlive that.
        foreach (var key in refused) await storage.DeleteAsync(key, cancellationToken);
    }

    private static Settlement Settle(RecordingDownloadTried outcome, DateTimeOffset now)
    {
        var item = outcome.Item;
        if (outcome.Stored is not null) return new Settlement(item.Id, item.LeaseToken, nameof(RecordingDownloadStatus.Stored), now, 1, null);
        var next = outcome.Retryable ? Retries.NextAttempt(item.Attempts + 1, now) : null;
        return new Settlement(item.Id, item.LeaseToken,
            next is null ? nameof(RecordingDownloadStatus.Failed) : nameof(RecordingDownloadStatus.Pending), next ?? now, 1, outcome.Error);
    }

    /// <summary>The rows' settle statement on the context's connection, inside its transaction; returns the ids written.</summary>
    private async Task<HashSet<Guid>> SettleRowsAsync(ApplicationDbContext db, IDbContextTransaction transaction, IReadOnlyList<Settlement> settlements,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
        batch.BatchCommands.Add(_table.SettleCommand(settlements));
        var written = new HashSet<Guid>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) written.Add(reader.GetGuid(0));
        return written;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored the recording of attempt {AttemptId} ({Bytes} bytes)")]
    private static partial void LogStored(ILogger logger, Guid attemptId, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording download for attempt {AttemptId} failed (try {Try}): {Error}")]
    private static partial void LogFailed(ILogger logger, Guid attemptId, int @try, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording download for attempt {AttemptId} refused, not retried: {Error}")]
    private static partial void LogRefused(ILogger logger, Guid attemptId, string error);
}
