namespace VoiceTraining.Infrastructure.Workers.Queues;

/// <summary>
/// Takes due items off a work queue under a lease: each claimed item's row is pushed out of reach
/// (its next attempt moved to the end of the lease) and stamped with a fresh lease token, so other
/// instances skip it, only the lease holder settles it, and an instance that dies with it loses
/// nothing: the row comes due again when the lease ends. <see cref="LeasedTable"/> is the usual
/// strategy; a job with a rule of its own (the webhook dispatcher's per-endpoint fairness, the
/// email sender's daily cap) writes a strategy of its own around
/// <see cref="LeasedTable"/> or its own statement.
/// </summary>
internal interface IClaimStrategy<TItem>
{
    /// <summary>Claims at most <paramref name="limit"/> due items (none when nothing is due).</summary>
    Task<IReadOnlyList<TItem>> ClaimAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The worker finished with <paramref name="item"/> (its outcome waits to be settled). Returns
    /// whether the worker should look for more at once: a strategy that holds items back (an
    /// endpoint at its cap) says so only when claiming again can give something.
    /// </summary>
    bool Released(TItem item) => true;
}

/// <summary>
/// One job type of the background engine: what to do with one claimed item, and how to write
/// the outcomes back. Outcomes are settled in batches (one transaction for many items), guarded by
/// the lease token so a worker whose lease ran out writes nothing.
/// </summary>
internal interface IQueueJob<in TItem, TOutcome>
{
    /// <summary>
    /// Handles one item. An exception leaves the item to its lease (it is tried again when the lease
    /// ends); a handler that knows better (a retryable failure) returns an outcome that says so.
    /// </summary>
    Task<TOutcome> HandleAsync(TItem item, CancellationToken cancellationToken);

    /// <summary>Writes a batch of outcomes; a failure leaves those items to their leases.</summary>
    Task SettleAsync(IReadOnlyList<TOutcome> outcomes, CancellationToken cancellationToken);

    /// <summary>How the logs name an item (its id; never its content, which may hold secrets or addresses).</summary>
    string Describe(TItem item);
}

/// <summary>How a queue worker runs one job type.</summary>
internal sealed record QueueWorkerOptions
{
    /// <summary>The job's name, in the logs.</summary>
    public required string Name { get; init; }
    /// <summary>Items claimed at most per claim.</summary>
    public int BatchSize { get; init; } = 10;
    /// <summary>Items handled at once by this instance.</summary>
    public int MaxConcurrency { get; init; } = 1;
    /// <summary>How often the queue is looked at when nothing wakes the worker.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// Outcomes ending within this long of each other are settled together (fewer, larger
    /// transactions while a backlog drains); zero settles as soon as outcomes are there. It is waited
    /// only while more outcomes are coming (items in hand, or a claim under way), so a lone item on an
    /// idle worker is settled at once.
    /// </summary>
    public TimeSpan SettleGatherDelay { get; init; } = TimeSpan.Zero;
    /// <summary>Outcomes settled at most per transaction.</summary>
    public int SettleBatchSize { get; init; } = 1000;
    /// <summary>At shutdown, items in hand get this long to finish before they are cancelled (and left to their leases).</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>A claim that fails waits this long before the next, doubling up to <see cref="PollInterval"/>.</summary>
    public TimeSpan ErrorBackoff { get; init; } = TimeSpan.FromMilliseconds(500);
}
