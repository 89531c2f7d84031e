using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoiceTraining.Application.Identity.Commands.ProcessIdentityEvent;
using VoiceTraining.Application.Identity.Commands.RetryPendingIdentityEvent;
using VoiceTraining.Infrastructure.Workers;
using VoiceTraining.Infrastructure.Workers.Queues;

namespace VoiceTraining.Infrastructure.Identity;

/// <summary>Wakes the pending identity event worker (an organization arrived that events may wait for).</summary>
internal sealed class PendingIdentityEventSignal : WakeSignal, IPendingIdentityEventSignal;

public sealed class IdentityWorkerOptions
{
    /// <summary>How often waiting identity events are looked for when nothing wakes the worker.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How often deleted members' recordings past retention are looked for.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>A waiting identity event as claimed: its row and the lease that holds it.</summary>
internal sealed record PendingIdentityEventItem(Guid Id, Guid LeaseToken);

/// <summary>What retrying the event came to.</summary>
internal sealed record PendingIdentityEventRetried(PendingIdentityEventItem Item, PendingIdentityRetryResult Result);

/// <summary>
/// Background job on pending_identity_events: claims due waiting events (oldest first) and
/// retries each through <see cref="RetryPendingIdentityEventCommand"/>, which applies and removes
/// it in one transaction once its organization exists; a still waiting or expired event's next
/// try is written here, under the lease. organization.created makes waiting events due and wakes
/// the worker (<see cref="PendingIdentityEventSignal"/>).
/// </summary>
internal sealed class PendingIdentityEventJob(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    PendingIdentityEventSignal signal,
    IdentityWorkerOptions options,
    TimeProvider clock) : IClaimStrategy<PendingIdentityEventItem>, IQueueJob<PendingIdentityEventItem, PendingIdentityEventRetried>
{
    /// <summary>Applying an event takes milliseconds; a worker that dies holding one gives it back after this.</summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private const int MaxError = 1000;

    private static readonly LeasedTableDefinition Queue = new("pending_identity_events", "status = 'Pending'", "received_at, id", "q.id");

    private readonly LeasedTable _table = new(dataSource, Queue);

    /// <summary>
    /// The worker that runs this job. One event at a time per instance, oldest first, so a user's
    /// membership.created is applied before the membership.updated that followed it.
    /// </summary>
    public QueueWorker<PendingIdentityEventItem, PendingIdentityEventRetried> CreateWorker(ILoggerFactory loggers) =>
        new(this, this, signal, new QueueWorkerOptions
        {
            Name = "pending-identity-events",
            BatchSize = 1,
            MaxConcurrency = 1,
            PollInterval = options.PollInterval,
        }, loggers.CreateLogger<QueueWorker<PendingIdentityEventItem, PendingIdentityEventRetried>>());

    public Task<IReadOnlyList<PendingIdentityEventItem>> ClaimAsync(int limit, CancellationToken cancellationToken) =>
        _table.ClaimAsync(limit, clock.GetUtcNow(), Lease, (row, token) => new PendingIdentityEventItem(row.GetGuid(0), token), cancellationToken);

    public async Task<PendingIdentityEventRetried> HandleAsync(PendingIdentityEventItem item, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new RetryPendingIdentityEventCommand(item.Id, item.LeaseToken), cancellationToken);
        return new PendingIdentityEventRetried(item, result);
    }

    public string Describe(PendingIdentityEventItem item) => $"pending identity event {item.Id}";

    public Task SettleAsync(IReadOnlyList<PendingIdentityEventRetried> outcomes, CancellationToken cancellationToken)
    {
        // An applied event is gone already (removed with its effect), and one no longer held is another lease's.
        var settlements = new List<Settlement>();
        foreach (var (item, result) in outcomes)
        {
            var reason = result.Reason is { Length: > MaxError } tooLong ? tooLong[..MaxError] : result.Reason;
            if (result.Outcome == PendingIdentityRetryOutcome.StillWaiting)
                settlements.Add(new Settlement(item.Id, item.LeaseToken, "Pending", result.NextAttemptAt!.Value, 1, reason));
            else if (result.Outcome == PendingIdentityRetryOutcome.Expired)
                settlements.Add(new Settlement(item.Id, item.LeaseToken, "Expired", result.NextAttemptAt ?? clock.GetUtcNow(), 1, reason));
        }
        return _table.SettleAsync(settlements, cancellationToken);
    }
}
