using System.Collections.Concurrent;
using VoiceTraining.Domain.Flags;

namespace VoiceTraining.Application.Flags;

/// <summary>A flag setting as the evaluator reads it.</summary>
public sealed record FlagSettingValue(string Key, FlagScope Scope, Guid? MemberId, bool Enabled);

/// <summary>
/// The settings one organization's members are evaluated against (the global ones and the
/// organization's own), kept per API instance. Every change anywhere clears it: the instance that
/// wrote it after its commit, the others when the change's NOTIFY reaches them, and all of it after
/// the listener reconnects (a change may have been missed meanwhile). The age limit bounds how
/// stale a value can be should a notification ever be lost anyway.
/// </summary>
public sealed class FlagSettingsCache(TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    private sealed record Entry(IReadOnlyList<FlagSettingValue> Settings, DateTimeOffset LoadedAt);

    private readonly ConcurrentDictionary<Guid, Entry> _byOrg = new();
    // Bumped by every clear: a load that started before a clear must not store what it read.
    private long _generation;

    public async Task<IReadOnlyList<FlagSettingValue>> GetAsync(Guid orgId, Func<Task<IReadOnlyList<FlagSettingValue>>> load)
    {
        var now = clock.GetUtcNow();
        if (_byOrg.TryGetValue(orgId, out var entry) && now - entry.LoadedAt < MaxAge) return entry.Settings;
        var generation = Interlocked.Read(ref _generation);
        var settings = await load();
        if (Interlocked.Read(ref _generation) == generation) _byOrg[orgId] = new Entry(settings, now);
        return settings;
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _byOrg.Clear();
    }
}
