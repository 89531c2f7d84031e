using System.Collections.Concurrent;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Common;
using VoiceTraining.Infrastructure.Workers;
using VoiceTraining.Infrastructure.Workers.Queues;
using static VoiceTraining.Api.IntegrationTests.Infrastructure.Eventually;

namespace VoiceTraining.Api.IntegrationTests.Workers;

/// <summary>
/// The background engine on a queue table of its own (in the fixture's database): claims shared
/// between instances, leases that bring back what a dead instance held, settling guarded by the
/// lease token, retries on a schedule, back-off while claims fail, and a graceful stop.
/// </summary>
public sealed class QueueWorkerTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private NpgsqlDataSource Data => fixture.Factory.Services.GetRequiredService<NpgsqlDataSource>();

    private sealed record Item(Guid Id, Guid LeaseToken, int Attempts, string Payload);

    private sealed record Outcome(Item Item, bool Ok, string? Error);

    /// <summary>A job on a test table: handles items by recording them, failing those whose payload says so.</summary>
    private sealed class TestJob(LeasedTable table, TimeSpan lease, RetrySchedule retries) : IClaimStrategy<Item>, IQueueJob<Item, Outcome>
    {
        public ConcurrentQueue<(string Payload, int Instance)> Handled { get; } = new();
        public int Instance { get; init; }
        public TaskCompletionSource? Gate { get; set; }
        private int _claims;
        /// <summary>Claims that have returned.</summary>
        public int Claims => Volatile.Read(ref _claims);

        public async Task<IReadOnlyList<Item>> ClaimAsync(int limit, CancellationToken cancellationToken)
        {
            var items = await table.ClaimAsync(limit, DateTimeOffset.UtcNow, lease,
                (r, token) => new Item(r.GetGuid(0), token, r.GetInt32(1), r.GetString(2)), cancellationToken);
            Interlocked.Increment(ref _claims);
            return items;
        }

        public async Task<Outcome> HandleAsync(Item item, CancellationToken cancellationToken)
        {
            if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
            Handled.Enqueue((item.Payload, Instance));
            return item.Payload.StartsWith("fail", StringComparison.Ordinal) ? new(item, false, "it broke") : new(item, true, null);
        }

        public string Describe(Item item) => item.Id.ToString();

        public async Task SettleAsync(IReadOnlyList<Outcome> outcomes, CancellationToken cancellationToken)
        {
            var now = DateTimeOffset.UtcNow;
            await table.SettleAsync(outcomes.Select(o =>
            {
                if (o.Ok) return new Settlement(o.Item.Id, o.Item.LeaseToken, "Done", now, 1, null);
                var next = retries.NextAttempt(o.Item.Attempts + 1, now);
                return new Settlement(o.Item.Id, o.Item.LeaseToken, next is null ? "Failed" : "Pending", next ?? now, 1, o.Error);
            }).ToList(), cancellationToken);
        }
    }

    private static readonly RetrySchedule QuickRetries = new([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)]);

    private async Task<LeasedTable> NewTableAsync()
    {
        var name = "test_queue_" + Guid.NewGuid().ToString("N")[..10];
        await using (var create = Data.CreateCommand($"""
            CREATE TABLE {name} (id uuid PRIMARY KEY, status text NOT NULL, next_attempt_at timestamptz NOT NULL,
                lease_token uuid, attempts int NOT NULL DEFAULT 0, last_error text, payload text NOT NULL)
            """))
            await create.ExecuteNonQueryAsync();
        return new LeasedTable(Data, new LeasedTableDefinition(name, "status = 'Pending'", "next_attempt_at", "q.id, q.attempts, q.payload"));
    }

    private async Task QueueAsync(LeasedTable table, params string[] payloads)
    {
        foreach (var payload in payloads)
        {
            await using var insert = Data.CreateCommand($"INSERT INTO {table.Definition.Table} (id, status, next_attempt_at, payload) VALUES (@id, 'Pending', now(), @p)");
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
            insert.Parameters.AddWithValue("p", payload);
            await insert.ExecuteNonQueryAsync();
        }
    }

    private async Task<List<(string Payload, string Status, int Attempts, string? Error, bool Leased)>> RowsAsync(LeasedTable table)
    {
        await using var select = Data.CreateCommand($"SELECT payload, status, attempts, last_error, lease_token IS NOT NULL FROM {table.Definition.Table} ORDER BY payload");
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<(string, string, int, string?, bool)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetBoolean(4)));
        return rows;
    }

    private static QueueWorker<Item, Outcome> Worker(TestJob job, WakeSignal wake, int concurrency = 4, TimeSpan? poll = null) =>
        new(job, job, wake, new QueueWorkerOptions { Name = "test", BatchSize = 3, MaxConcurrency = concurrency, PollInterval = poll ?? TimeSpan.FromMilliseconds(100) },
            NullLogger<QueueWorker<Item, Outcome>>.Instance);


    [Fact]
    public async Task Two_instances_share_a_queue_and_handle_each_item_once()
    {
        var table = await NewTableAsync();
        var payloads = Enumerable.Range(0, 60).Select(i => $"item-{i:00}").ToArray();
        await QueueAsync(table, payloads);
        var lease = TimeSpan.FromMinutes(5);
        var first = new TestJob(table, lease, QuickRetries) { Instance = 1 };
        var second = new TestJob(table, lease, QuickRetries) { Instance = 2 };
        using var wake1 = new WakeSignal();
        using var wake2 = new WakeSignal();
        using var worker1 = Worker(first, wake1);
        using var worker2 = Worker(second, wake2);

        await Task.WhenAll(worker1.StartAsync(default), worker2.StartAsync(default));
        await EventuallyAsync(async () => (await RowsAsync(table)).All(r => r.Status == "Done"), "every item is settled");
        await Task.WhenAll(worker1.StopAsync(default), worker2.StopAsync(default));

        var handled = first.Handled.Concat(second.Handled).Select(h => h.Payload).ToList();
        handled.Should().BeEquivalentTo(payloads, "each item is handled exactly once across the instances");
        (await RowsAsync(table)).Should().OnlyContain(r => r.Attempts == 1 && !r.Leased && r.Error == null);
    }

    [Fact]
    public async Task A_failing_item_is_retried_on_its_schedule_then_given_up()
    {
        var table = await NewTableAsync();
        await QueueAsync(table, "fail-always", "ok");
        var job = new TestJob(table, TimeSpan.FromMinutes(5), QuickRetries);
        using var wake = new WakeSignal();
        using var worker = Worker(job, wake);

        await worker.StartAsync(default);
        await EventuallyAsync(async () => (await RowsAsync(table)).All(r => r.Status is "Done" or "Failed"), "both items end");
        await worker.StopAsync(default);

        var rows = await RowsAsync(table);
        rows.Should().ContainSingle(r => r.Payload == "fail-always").Which.Should().Be(("fail-always", "Failed", 3, "it broke", false),
            "the schedule has two retries, so three attempts in all");
        job.Handled.Count(h => h.Payload == "fail-always").Should().Be(QuickRetries.MaxAttempts);
    }

    [Fact]
    public async Task What_a_dead_instance_claimed_comes_back_when_its_lease_ends_and_its_late_outcome_is_not_written()
    {
        var table = await NewTableAsync();
        await QueueAsync(table, "orphan");
        var lease = TimeSpan.FromMilliseconds(300);
        var dead = new TestJob(table, lease, QuickRetries);
        var claimedByDead = await dead.ClaimAsync(10, default);
        claimedByDead.Should().ContainSingle();
        (await dead.ClaimAsync(10, default)).Should().BeEmpty("a leased item is not due to anyone while the lease lasts");

        var alive = new TestJob(table, TimeSpan.FromMinutes(5), QuickRetries);
        using var wake = new WakeSignal();
        using var worker = Worker(alive, wake);
        await worker.StartAsync(default);
        await EventuallyAsync(async () => (await RowsAsync(table)).Single().Status == "Done", "the orphan is handled after its lease");
        await worker.StopAsync(default);

        var written = await table.SettleAsync([new Settlement(claimedByDead[0].Id, claimedByDead[0].LeaseToken, "Failed", DateTimeOffset.UtcNow, 1, "late")], default);
        written.Should().BeEmpty("the dead instance's lease token no longer matches");
        (await RowsAsync(table)).Single().Should().Be(("orphan", "Done", 1, null, false));
    }

    [Fact]
    public async Task Claims_that_fail_are_retried_with_a_back_off_and_the_worker_recovers()
    {
        var name = "test_queue_" + Guid.NewGuid().ToString("N")[..10];
        var table = new LeasedTable(Data, new LeasedTableDefinition(name, "status = 'Pending'", "next_attempt_at", "q.id, q.attempts, q.payload"));
        var job = new TestJob(table, TimeSpan.FromMinutes(5), QuickRetries);
        using var wake = new WakeSignal();
        using var worker = Worker(job, wake, poll: TimeSpan.FromMilliseconds(400));
        await worker.StartAsync(default);

        // The table does not exist yet: every claim fails, and the worker keeps going.
        await Task.Delay(300);
        await using (var create = Data.CreateCommand($"""
            CREATE TABLE {name} (id uuid PRIMARY KEY, status text NOT NULL, next_attempt_at timestamptz NOT NULL,
                lease_token uuid, attempts int NOT NULL DEFAULT 0, last_error text, payload text NOT NULL)
            """))
            await create.ExecuteNonQueryAsync();
        await QueueAsync(table, "after-outage");
        await EventuallyAsync(async () => (await RowsAsync(table)).Single().Status == "Done", "the worker recovers by itself");
        await worker.StopAsync(default);
    }

    [Fact]
    public async Task A_wake_up_gets_work_handled_before_the_next_poll()
    {
        var table = await NewTableAsync();
        var job = new TestJob(table, TimeSpan.FromMinutes(5), QuickRetries);
        using var wake = new WakeSignal();
        using var worker = Worker(job, wake, poll: TimeSpan.FromMinutes(10));
        await worker.StartAsync(default);
        // Once the first look at the empty queue is over, the next poll is 10 minutes away.
        await EventuallyAsync(() => Task.FromResult(job.Claims >= 1), "the worker looked at the empty queue");

        await QueueAsync(table, "woken");
        wake.Notify();
        await EventuallyAsync(async () => (await RowsAsync(table)).Single().Status == "Done", "the wake-up, not the poll, brings it");
        await worker.StopAsync(default);
    }

    [Fact]
    public async Task Stopping_lets_items_in_hand_finish_and_settle()
    {
        var table = await NewTableAsync();
        await QueueAsync(table, "in-hand");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = new TestJob(table, TimeSpan.FromMinutes(5), QuickRetries) { Gate = gate };
        using var wake = new WakeSignal();
        using var worker = Worker(job, wake);
        await worker.StartAsync(default);
        await EventuallyAsync(async () => (await RowsAsync(table)).Single().Leased, "the item is claimed");

        var stopping = worker.StopAsync(default);
        gate.SetResult();
        await stopping;

        (await RowsAsync(table)).Single().Should().Be(("in-hand", "Done", 1, null, false), "an item that finishes within the grace period is settled");
    }
}
