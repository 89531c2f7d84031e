using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Storage;

/// <summary>Recordings on the local filesystem under a configured root (Storage:Root / STORAGE_ROOT).</summary>
internal sealed class FileSystemRecordingStorage(string root) : IRecordingStorage
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task SaveAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write beside, then move: a reader never sees a half-written file.
        var temp = path + ".part";
        await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            await content.CopyToAsync(file, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathFor(key)); // no error when it is already gone
        return Task.CompletedTask;
    }

    /// <summary>Keys are ours ({orgId}/{attemptId}.{ext}); still, nothing may escape the root.</summary>
    private string PathFor(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, key));
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("The storage key leaves the storage root.", nameof(key));
        return path;
    }
}
