using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Attempts;

public enum RecordingDownloadStatus
{
    /// <summary>Waiting for its first try or a retry (or held under a lease while a try runs).</summary>
    Pending,
    Stored,
    /// <summary>Every try failed; the provider's copy has probably expired.</summary>
    Failed,
}

/// <summary>
/// The work of copying one attempt's recording from the voice provider (whose URL expires) into
/// our storage (table recording_downloads; one row per attempt whose call left a recording).
/// Queued in the transaction that completes the attempt; the background engine claims it under a
/// lease and writes each try's outcome here.
/// </summary>
/// <remarks>
/// Only the work state lives here (source URL, tries, next try, lease, last error). What the
/// product shows about the recording (its status, storage key, type and size) stays on the
/// <see cref="Attempt"/>: every attempt read and webhook payload needs it, the deleted-member purge
/// changes it, and a finished download row is then no longer needed by anything.
/// </remarks>
public sealed class RecordingDownload : Entity, ITenantOwned
{
    public const int MaxError = 500;

    public Guid OrgId { get; private set; }
    public Guid AttemptId { get; private set; }
    /// <summary>Where the provider serves the recording.</summary>
    public string SourceUrl { get; private set; } = "";
    public RecordingDownloadStatus Status { get; private set; }
    /// <summary>Tries made so far (the position in the retry schedule).</summary>
    public int Attempts { get; private set; }
    /// <summary>When the next try is due; during a lease, when the lease ends; once finished, when it finished.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }
    /// <summary>Set while a worker holds the download; only that worker writes its outcome.</summary>
    public Guid? LeaseToken { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    private RecordingDownload() { }

    /// <summary>A download of the attempt's recording, due at once.</summary>
    public RecordingDownload(Guid orgId, Guid attemptId, string sourceUrl, DateTimeOffset now)
    {
        if (orgId == Guid.Empty) throw new DomainException("An organization is required.");
        if (string.IsNullOrWhiteSpace(sourceUrl)) throw new DomainException("A recording download needs the recording's URL.");
        OrgId = orgId;
        AttemptId = attemptId;
        SourceUrl = sourceUrl;
        Status = RecordingDownloadStatus.Pending;
        NextAttemptAt = now;
        CreatedAt = now;
    }
}
