namespace VoiceTraining.Application.Common.Interfaces;

/// <summary>Remembers inbound provider events so each is processed once, even when delivered concurrently.</summary>
public interface IInboundEventLedger
{
    /// <summary>
    /// Records the event in the current transaction. Returns false when it was recorded before
    /// (a concurrent delivery waits for the first to commit, then sees it).
    /// </summary>
    Task<bool> TryRecordAsync(string provider, string eventKey, string eventType, CancellationToken cancellationToken);
}

/// <summary>Row locks for updates that must not interleave (two reports of one call).</summary>
public interface IRowLocks
{
    /// <summary>Locks the attempt's row until the current transaction ends.</summary>
    Task LockAttemptAsync(Guid attemptId, CancellationToken cancellationToken);

    /// <summary>Serializes changes that must see the organization's members as a whole (keeping one admin).</summary>
    Task LockOrganizationAsync(Guid orgId, CancellationToken cancellationToken);

    /// <summary>Serializes changes of one flag's global setting (it has no organization row to lock) until the transaction ends.</summary>
    Task LockGlobalFlagAsync(string key, CancellationToken cancellationToken);
}

/// <summary>Where call recordings are kept: {orgId}/{attemptId}.{ext}. Filesystem by default; S3-compatible stores can replace it.</summary>
public interface IRecordingStorage
{
    Task SaveAsync(string key, Stream content, CancellationToken cancellationToken);
    /// <summary>A seekable stream of the stored object, or null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);
    /// <summary>Deletes the object; nothing happens when it does not exist.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>Wakes the recording worker when a new download is due.</summary>
public interface IRecordingDownloadSignal
{
    void Notify();
}
