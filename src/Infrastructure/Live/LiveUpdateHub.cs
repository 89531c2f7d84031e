using System.Collections.Concurrent;
using System.Threading.Channels;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Live;

/// <summary>
/// This instance's open live streams (one per browser tab). The listener hands every notification
/// to <see cref="Publish"/>, which passes it to the streams it concerns. Each stream's queue is
/// bounded: a tab that does not read loses its oldest updates, never the server's memory.
/// </summary>
public sealed class LiveUpdateHub : ILiveUpdateStreams
{
    /// <summary>Sent to every stream after the listener reconnected: updates may have been missed, so refetch.</summary>
    public const string ResyncType = ILiveUpdateStreams.ResyncType;

    private const int QueuePerStream = 256;

    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();

    public int Count => _subscriptions.Count;

    ILiveSubscription ILiveUpdateStreams.Subscribe(Guid orgId, Guid memberId) => Subscribe(orgId, memberId);

    public Subscription Subscribe(Guid orgId, Guid memberId)
    {
        var subscription = new Subscription(this, orgId, memberId);
        _subscriptions[subscription] = 0;
        return subscription;
    }

    public void Publish(LiveUpdate update)
    {
        foreach (var subscription in _subscriptions.Keys)
            if (update.Type == ResyncType || update.Concerns(subscription.OrgId, subscription.MemberId))
                subscription.Queue.Writer.TryWrite(update);
    }

    public void PublishResync() => Publish(new LiveUpdate(ResyncType, Guid.Empty, [], new { }));

    public sealed class Subscription : ILiveSubscription
    {
        private readonly LiveUpdateHub _hub;

        internal Subscription(LiveUpdateHub hub, Guid orgId, Guid memberId)
        {
            _hub = hub;
            OrgId = orgId;
            MemberId = memberId;
        }

        public Guid OrgId { get; }
        public Guid MemberId { get; }

        internal Channel<LiveUpdate> Queue { get; } = Channel.CreateBounded<LiveUpdate>(
            new BoundedChannelOptions(QueuePerStream) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public ChannelReader<LiveUpdate> Updates => Queue.Reader;

        public void Dispose()
        {
            _hub._subscriptions.TryRemove(this, out _);
            Queue.Writer.TryComplete();
        }
    }
}
