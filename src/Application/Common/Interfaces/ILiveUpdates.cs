namespace VoiceTraining.Application.Common.Interfaces;

/// <summary>
/// Something browsers should hear about at once (a flag changed, a live call's transcript grew, a
/// call failed, a voice session was stopped). <see cref="OrgId"/> Guid.Empty means every
/// organization (a global flag); an empty <see cref="MemberIds"/> means every member of it.
/// <see cref="Data"/> is serialized as JSON for the browser.
/// </summary>
public sealed record LiveUpdate(string Type, Guid OrgId, IReadOnlyCollection<Guid> MemberIds, object Data)
{
    public bool Concerns(Guid orgId, Guid memberId) =>
        (OrgId == Guid.Empty || OrgId == orgId) && (MemberIds.Count == 0 || MemberIds.Contains(memberId));
}

/// <summary>Live update types, as the stream names its events.</summary>
public static class LiveUpdateTypes
{
    public const string FlagChanged = "flag.changed";
    public const string TranscriptUpdate = "transcript.update";
    public const string CallFailed = "call.failed";
    public const string VoiceSessionEnded = "voice.session.ended";
}

/// <summary>
/// Sends live updates to every API instance (PostgreSQL NOTIFY on the unit of work's connection):
/// inside a transaction the update goes out when it commits and not at all if it rolls back, so a
/// browser never hears of a change that did not happen. Call it after the change is made.
/// </summary>
public interface ILiveUpdates
{
    Task PublishAsync(LiveUpdate update, CancellationToken cancellationToken);
}

/// <summary>This instance's live streams: a browser's stream subscribes to the updates that concern its member.</summary>
public interface ILiveUpdateStreams
{
    /// <summary>The type of the update sent after updates may have been missed (the listener reconnected): fetch again.</summary>
    const string ResyncType = "resync";

    ILiveSubscription Subscribe(Guid orgId, Guid memberId);
}

/// <summary>One open stream's updates, bounded (a reader that falls behind loses the oldest); dispose to leave.</summary>
public interface ILiveSubscription : IDisposable
{
    System.Threading.Channels.ChannelReader<LiveUpdate> Updates { get; }
}
