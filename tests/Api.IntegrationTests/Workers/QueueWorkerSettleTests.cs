using System.Collections.Concurrent;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Infrastructure.Workers;
using VoiceTraining.Infrastructure.Workers.Queues;
using static VoiceTraining.Api.IntegrationTests.Infrastructure.Eventually;

namespace VoiceTraining.Api.IntegrationTests.Workers;

/// <summary>How the engine batches its settling while a queue drains in waves (quick items, claims in between).</summary>
public sealed class QueueWorkerSettleTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private NpgsqlDataSource Data => fixture.Factory.Services.GetRequiredService<NpgsqlDataSource>();

    private sealed record Item(Guid Id, Guid LeaseToken);

    /// <summary>Handles at once; its second claim waits for <see cref="SecondClaim"/>; records the size of every settled batch.</summary>
    private sealed class WavesJob(LeasedTable table) : IClaimStrategy<Item>, IQueueJob<Item, Item>
    {
        public TaskCompletionSource SecondClaim { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource SecondClaimStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public ConcurrentQueue<int> Settled { get; } = new();
        private int _handled;
        public int Handled => Volatile.Read(ref _handled);
        private int _claims;

        public async Task<IReadOnlyList<Item>> ClaimAsync(int limit, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _claims) == 2)
            {
                SecondClaimStarted.TrySetResult();
                await SecondClaim.Task.WaitAsync(cancellationToken);
            }
            return await table.ClaimAsync(limit, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), (r, token) => new Item(r.GetGuid(0), token), cancellationToken);
        }

        public Task<Item> HandleAsync(Item item, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _handled);
            return Task.FromResult(item);
        }

        public string Describe(Item item) => item.Id.ToString();

        public async Task SettleAsync(IReadOnlyList<Item> outcomes, CancellationToken cancellationToken)
        {
            await table.SettleAsync(outcomes.Select(o => new Settlement(o.Id, o.LeaseToken, "Done", DateTimeOffset.UtcNow, 1, null)).ToList(), cancellationToken);
            Settled.Enqueue(outcomes.Count);
        }
    }


    [Fact]
    public async Task Outcomes_that_end_while_the_next_claim_runs_wait_for_its_items_and_settle_with_them()
    {
        var name = "test_queue_" + Guid.NewGuid().ToString("N")[..10];
        await using (var create = Data.CreateCommand($"""
            CREATE TABLE {name} (id uuid PRIMARY KEY, status text NOT NULL, next_attempt_at timestamptz NOT NULL,
                lease_token uuid, attempts int NOT NULL DEFAULT 0, last_error text);
            INSERT INTO {name} (id, status, next_attempt_at) VALUES (gen_random_uuid(), 'Pending', now()), (gen_random_uuid(), 'Pending', now());
            """))
            await create.ExecuteNonQueryAsync();
        var job = new WavesJob(new LeasedTable(Data, new LeasedTableDefinition(name, "status = 'Pending'", "next_attempt_at", "q.id")));
        using var wake = new WakeSignal();
        // One item per claim: the first claim is full, so the worker claims again at once, and that claim waits.
        using var worker = new QueueWorker<Item, Item>(job, job, wake, new QueueWorkerOptions
        {
            Name = "waves", BatchSize = 1, MaxConcurrency = 2, PollInterval = TimeSpan.FromMinutes(10), SettleGatherDelay = TimeSpan.FromSeconds(3),
        }, NullLogger<QueueWorker<Item, Item>>.Instance);

        await worker.StartAsync(default);
        try
        {
            await job.SecondClaimStarted.Task.WaitAsync(TimeSpan.FromSeconds(20));
            // The first wave is over (nothing in hand) while the second claim is still under way.
            await EventuallyAsync(() => job.Handled == 1 && worker.InFlight == 0, "the first item is handled");
            job.SecondClaim.SetResult();
            await EventuallyAsync(() => job.Settled.Sum() == 2, "both items are settled");
        }
        finally
        {
            job.SecondClaim.TrySetResult();
            await worker.StopAsync(default);
        }

        job.Settled.Should().Equal([2], "the first outcome waited for the items of the claim under way, and both were written in one batch");
    }
}
