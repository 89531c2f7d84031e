using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Webhooks;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound;

/// <summary>A delivery claimed for one attempt, with what the attempt needs.</summary>
internal sealed record ClaimedDelivery(
    Guid Id, Guid OrgId, Guid MessageId, Guid EndpointId, Guid LeaseToken, int AttemptCount, int RunAttempts, int MaxAttempts,
    string Payload, string Url, bool EndpointEnabled, string ProtectedSecret, string? PreviousProtectedSecret, DateTimeOffset? PreviousSecretExpiresAt);

/// <summary>The outcome of one claimed delivery, to be written back.</summary>
internal sealed record DeliveryOutcome(ClaimedDelivery Delivery, WebhookSendResult? Sent, WebhookDeliveryDecision Decision, string? Error, Guid AttemptId);

/// <summary>
/// Sends outbound webhooks from the durable queue (webhook_deliveries). Claims due rows in batches
/// with FOR UPDATE SKIP LOCKED, pushing next_attempt_at out by a lease and stamping a lease token:
/// instances share the queue without sending one attempt twice at once, and a crashed instance's
/// claims come due again when the lease runs out. Results are written back in batches, only by
/// the lease holder.
/// </summary>
/// <remarks>
/// Fairness: each instance keeps at most <see cref="WebhookOptions.MaxConcurrencyPerEndpoint"/>
/// attempts in flight per endpoint. The claim leaves an endpoint's deliveries in the queue while its
/// slots are full (not claimed, so no attempt is spent and no lease taken) and takes due deliveries
/// endpoint by endpoint, the oldest of each endpoint first, so a backlog or a hanging receiver at
/// one endpoint neither fills every slot nor delays another endpoint's deliveries.
/// </remarks>
internal sealed partial class WebhookDispatcher(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    WebhookHttpSender sender,
    IWebhookSecrets secrets,
    WebhookOptions options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService, IWebhookDispatcher
{
    private readonly Workers.WakeSignal _wake = new();
    private readonly Channel<DeliveryOutcome> _outcomes = Channel.CreateUnbounded<DeliveryOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, string> _plainSecrets = new(StringComparer.Ordinal);
    private int _inFlight;
    // Attempts in flight per endpoint (this instance), for the per-endpoint cap; locked on itself.
    // Only the loop adds to it (right after a claim), attempts take themselves off when they end.
    private readonly Dictionary<Guid, int> _inFlightByEndpoint = [];

    public void Notify() => _wake.Notify();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writer = Task.Run(() => WriteOutcomesLoopAsync(stoppingToken), CancellationToken.None);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var free = options.MaxConcurrency - Volatile.Read(ref _inFlight);
                var wanted = Math.Min(free, options.BatchSize);
                var claimed = 0;
                if (wanted > 0)
                {
                    try
                    {
                        var batch = await ClaimAsync(null, wanted, stoppingToken);
                        claimed = batch.Count;
                        foreach (var delivery in batch)
                        {
                            Interlocked.Increment(ref _inFlight);
                            lock (_inFlightByEndpoint)
                                _inFlightByEndpoint[delivery.EndpointId] = _inFlightByEndpoint.GetValueOrDefault(delivery.EndpointId) + 1;
                            _ = Task.Run(() => AttemptInBackgroundAsync(delivery, stoppingToken), CancellationToken.None);
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        LogLoopFailed(logger, ex);
                    }
                }
                // A full batch means more may be due: go again at once. Otherwise (nothing more due, or
                // what is due belongs to endpoints at their cap) wait for a nudge or the poll.
                if (claimed > 0 && claimed == wanted) continue;
                try { await _wake.WaitAsync(wanted == 0 ? TimeSpan.FromMilliseconds(20) : options.PollInterval, stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
        finally
        {
            // Let attempts in flight finish writing (briefly); unfinished ones come due again after their lease.
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (Volatile.Read(ref _inFlight) > 0 && DateTime.UtcNow < deadline) await Task.Delay(20, CancellationToken.None);
            _outcomes.Writer.TryComplete();
            await writer;
        }
    }

    private async Task AttemptInBackgroundAsync(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            var outcome = await AttemptAsync(delivery, stoppingToken);
            _outcomes.Writer.TryWrite(outcome);
        }
        catch (Exception ex)
        {
            // Unexpected (e.g. a secret that no longer decrypts): the lease runs out and it is tried again.
            LogAttemptCrashed(logger, delivery.Id, ex);
        }
        finally
        {
            int left;
            lock (_inFlightByEndpoint)
            {
                left = _inFlightByEndpoint[delivery.EndpointId] - 1;
                if (left == 0) _inFlightByEndpoint.Remove(delivery.EndpointId);
                else _inFlightByEndpoint[delivery.EndpointId] = left;
            }
            Interlocked.Decrement(ref _inFlight);
            // Wake the loop to claim more. An endpoint that was at its cap is refilled once half of its
            // slots are free, not slot by slot: one claim per delivery would cost a transaction each.
            // (An endpoint below half its cap, e.g. one with steady traffic, wakes the loop every time.)
            if (left <= options.MaxConcurrencyPerEndpoint / 2) Notify();
        }
    }

    /// <summary>This instance's attempts in flight per endpoint, now.</summary>
    internal IReadOnlyDictionary<Guid, int> InFlightByEndpoint()
    {
        lock (_inFlightByEndpoint) return new Dictionary<Guid, int>(_inFlightByEndpoint);
    }

    public async Task<WebhookSendOutcome> SendNowAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(deliveryId, 1, cancellationToken);
        if (claimed.Count == 0) throw new InvalidOperationException($"Delivery {deliveryId} is not pending or is being sent by someone else.");
        var outcome = await AttemptAsync(claimed[0], cancellationToken);
        await WriteOutcomesAsync([outcome], cancellationToken);
        var sent = outcome.Sent;
        return new WebhookSendOutcome(outcome.Decision.Status == WebhookDeliveryStatus.Succeeded, sent?.Result.StatusCode, sent?.DurationMs ?? 0,
            outcome.Error, sent?.ResponseBody, outcome.AttemptId);
    }

    /// <summary>
    /// The due deliveries to claim, as the CTE "due" (ids, locked). Why it is shaped so:
    /// <list type="bullet">
    /// <item>A plain "ORDER BY next_attempt_at LIMIT n" hands a whole batch to an endpoint with a
    /// backlog (100,000 queued for one receiver, and a new delivery for another waits behind them),
    /// and skipping endpoints at their cap in that scan reads through the whole backlog every time.</item>
    /// <item>So it goes endpoint by endpoint on ix_webhook_deliveries_endpoint_due (endpoint_id,
    /// next_attempt_at; pending rows only). "pending_endpoints" is a loose index scan: one probe per
    /// endpoint that has pending deliveries, giving its earliest next_attempt_at, whatever its
    /// backlog. "candidates" takes from each endpoint with something due its oldest due rows, up to
    /// its free slots (the cap minus this instance's attempts in flight, @busy / @busy_counts), reading
    /// only those rows, and numbers them per endpoint (turn). The numbering is done on those few rows,
    /// not in the index scan: a window function there reads every row due at the same instant (a
    /// backlog queued at once) before it returns the first.</item>
    /// <item>"due" keeps @limit of them in turns (every endpoint's oldest, then every endpoint's second
    /// …, oldest first within a turn) and locks each by its primary key, skipping rows another
    /// instance is claiming right now, and rows that changed since this statement's snapshot (another
    /// instance claimed or finished them): the row must still have the status and due time that were
    /// read. (Comparing with the values read, rather than with constants, also keeps the planner on
    /// the primary key: its statistics rarely know how many rows are pending right now, and with a
    /// constant it may scan the pending rows instead.) Lease and lease token are as before.</item>
    /// </list>
    /// Every step has one sensible plan whatever the statistics say, and the cost grows with the
    /// number of endpoints that have pending deliveries, not with the size of a backlog (EXPLAIN
    /// figures in docs/benchmarks.md).
    /// </summary>
    private const string DueSql = """
        WITH RECURSIVE pending_endpoints AS (
            (SELECT endpoint_id, next_attempt_at FROM webhook_deliveries
             WHERE status = 'Pending' ORDER BY endpoint_id, next_attempt_at LIMIT 1)
            UNION ALL
            SELECT n.endpoint_id, n.next_attempt_at FROM pending_endpoints p CROSS JOIN LATERAL (
                SELECT d.endpoint_id, d.next_attempt_at FROM webhook_deliveries d
                WHERE d.status = 'Pending' AND d.endpoint_id > p.endpoint_id
                ORDER BY d.endpoint_id, d.next_attempt_at LIMIT 1) n
        ), candidates AS (
            SELECT c.id, c.status, c.next_attempt_at,
                   row_number() OVER (PARTITION BY p.endpoint_id ORDER BY c.next_attempt_at, c.id) AS turn
            FROM pending_endpoints p
            LEFT JOIN unnest(@busy, @busy_counts) AS b(endpoint_id, in_flight) ON b.endpoint_id = p.endpoint_id
            CROSS JOIN LATERAL (
                SELECT d.id, d.status, d.next_attempt_at
                FROM webhook_deliveries d
                WHERE d.endpoint_id = p.endpoint_id AND d.status = 'Pending' AND d.next_attempt_at <= @now
                ORDER BY d.next_attempt_at
                LIMIT LEAST(GREATEST(@per_endpoint - COALESCE(b.in_flight, 0), 0), @limit)) c
            WHERE p.next_attempt_at <= @now AND COALESCE(b.in_flight, 0) < @per_endpoint
        ), due AS (
            SELECT l.id FROM (SELECT * FROM candidates ORDER BY turn, next_attempt_at LIMIT @limit) c
            CROSS JOIN LATERAL (
                SELECT d.id FROM webhook_deliveries d
                WHERE d.id = c.id AND d.status = c.status AND d.next_attempt_at = c.next_attempt_at
                FOR UPDATE SKIP LOCKED) l
        )
        """;

    /// <summary>Claims due deliveries (or the one given, whenever it is due), within the per-endpoint cap of this instance.</summary>
    internal Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(Guid? onlyId, int limit, CancellationToken cancellationToken) =>
        ClaimAsync(onlyId, limit, InFlightByEndpoint(), cancellationToken);

    /// <summary>
    /// Claims due deliveries: at most <see cref="WebhookOptions.MaxConcurrencyPerEndpoint"/> minus
    /// <paramref name="inFlight"/> of an endpoint (none of an endpoint at its cap), at most
    /// <paramref name="limit"/> in all, taken in turns: every endpoint's oldest due delivery, then
    /// every endpoint's second, and so on. The one given by <paramref name="onlyId"/> (a test send)
    /// is claimed whatever the cap.
    /// </summary>
    internal async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(Guid? onlyId, int limit, IReadOnlyDictionary<Guid, int> inFlight, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = Guid.CreateVersion7();
        await using var command = dataSource.CreateCommand($"""
            {(onlyId is null ? DueSql : "WITH due AS (SELECT id FROM webhook_deliveries WHERE status = 'Pending' AND id = @only LIMIT @limit FOR UPDATE SKIP LOCKED)")},
            claimed AS (
                UPDATE webhook_deliveries d SET next_attempt_at = @lease_until, lease_token = @token
                FROM due WHERE d.id = due.id
                RETURNING d.id, d.org_id, d.message_id, d.endpoint_id, d.attempt_count, d.run_attempts, d.max_attempts
            )
            SELECT c.id, c.org_id, c.message_id, c.endpoint_id, c.attempt_count, c.run_attempts, c.max_attempts,
                   m.payload, e.url, e.enabled, e.protected_secret, e.previous_protected_secret, e.previous_secret_expires_at
            FROM claimed c
            JOIN webhook_messages m ON m.id = c.message_id
            JOIN webhook_endpoints e ON e.id = c.endpoint_id
            """);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("lease_until", now + options.Lease);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("limit", limit);
        if (onlyId is not null) command.Parameters.AddWithValue("only", onlyId.Value);
        else
        {
            command.Parameters.AddWithValue("per_endpoint", options.MaxConcurrencyPerEndpoint);
            command.Parameters.Add(Array("busy", NpgsqlDbType.Uuid, inFlight.Keys));
            command.Parameters.Add(Array("busy_counts", NpgsqlDbType.Integer, inFlight.Keys.Select(k => inFlight[k])));
        }

        var result = new List<ClaimedDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ClaimedDelivery(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetGuid(3), token,
                reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6),
                reader.GetString(7), reader.GetString(8), reader.GetBoolean(9), reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12)));
        }
        return result;
    }

    private async Task<DeliveryOutcome> AttemptAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        var attemptId = Guid.CreateVersion7();
        if (!delivery.EndpointEnabled)
        {
            const string disabled = "The endpoint is disabled; replay the delivery after enabling it.";
            return new(delivery, null, new WebhookDeliveryDecision(WebhookDeliveryStatus.Failed, null, null), disabled, attemptId);
        }

        var now = clock.GetUtcNow();
        var secret = Plain(delivery.ProtectedSecret);
        var previous = delivery.PreviousProtectedSecret is not null && delivery.PreviousSecretExpiresAt > now ? Plain(delivery.PreviousProtectedSecret) : null;
        var sent = await sender.SendAsync(new WebhookSendRequest(delivery.MessageId, delivery.Url, Encoding.UTF8.GetBytes(delivery.Payload), secret, previous), cancellationToken);
        var decision = WebhookRetrySchedule.Decide(delivery.RunAttempts + 1, delivery.MaxAttempts, sent.Result, clock.GetUtcNow(), Random.Shared.NextDouble());
        return new(delivery, sent, decision, sent.Result.Error, attemptId);
    }

    private string Plain(string protectedSecret)
    {
        if (_plainSecrets.TryGetValue(protectedSecret, out var plain)) return plain;
        if (_plainSecrets.Count > 10_000) _plainSecrets.Clear();
        return _plainSecrets[protectedSecret] = secrets.Unprotect(protectedSecret);
    }

    private static readonly TimeSpan WriteGatherDelay = TimeSpan.FromMilliseconds(5);

    private async Task WriteOutcomesLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new List<DeliveryOutcome>();
        var reader = _outcomes.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < 1000 && reader.TryRead(out var outcome)) batch.Add(outcome);
            if (batch.Count < 1000 && !stoppingToken.IsCancellationRequested)
            {
                // Attempts end one by one (at most MaxConcurrencyPerEndpoint at a time per endpoint): gather
                // those ending in the next few milliseconds too, so a drain takes fewer, larger transactions.
                await Task.Delay(WriteGatherDelay, CancellationToken.None);
                while (batch.Count < 1000 && reader.TryRead(out var outcome)) batch.Add(outcome);
            }
            try
            {
                await WriteOutcomesAsync(batch, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Not written: the leases run out and those deliveries are attempted again (at least once).
                LogWriteFailed(logger, batch.Count, ex);
                if (!stoppingToken.IsCancellationRequested) await Task.Delay(500, CancellationToken.None);
            }
            batch.Clear();
        }
    }

    /// <summary>Writes attempts, delivery states and endpoint health for a batch of outcomes in one transaction.</summary>
    internal async Task WriteOutcomesAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0) return;
        var now = clock.GetUtcNow();
        var attempted = outcomes.Where(o => o.Sent is not null).ToList();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);

        if (attempted.Count > 0)
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO webhook_delivery_attempts (id, org_id, delivery_id, endpoint_id, attempt_number, attempted_at, succeeded, status_code, duration_ms, error, response_body)
                SELECT * FROM unnest(@ids, @orgs, @deliveries, @endpoints, @numbers, @ats, @oks, @codes, @durations, @errors, @bodies)
                """);
            insert.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, attempted.Select(o => o.AttemptId)));
            insert.Parameters.Add(Array("orgs", NpgsqlDbType.Uuid, attempted.Select(o => o.Delivery.OrgId)));
            insert.Parameters.Add(Array("deliveries", NpgsqlDbType.Uuid, attempted.Select(o => o.Delivery.Id)));
            insert.Parameters.Add(Array("endpoints", NpgsqlDbType.Uuid, attempted.Select(o => o.Delivery.EndpointId)));
            insert.Parameters.Add(Array("numbers", NpgsqlDbType.Integer, attempted.Select(o => o.Delivery.AttemptCount + 1)));
            insert.Parameters.Add(Array("ats", NpgsqlDbType.TimestampTz, attempted.Select(o => o.Sent!.AttemptedAt.UtcDateTime)));
            insert.Parameters.Add(Array("oks", NpgsqlDbType.Boolean, attempted.Select(o => o.Sent!.Result.Succeeded)));
            insert.Parameters.Add(Array("codes", NpgsqlDbType.Integer, attempted.Select(o => o.Sent!.Result.StatusCode)));
            insert.Parameters.Add(Array("durations", NpgsqlDbType.Integer, attempted.Select(o => o.Sent!.DurationMs)));
            insert.Parameters.Add(Array("errors", NpgsqlDbType.Text, attempted.Select(o => o.Error)));
            insert.Parameters.Add(Array("bodies", NpgsqlDbType.Text, attempted.Select(o => o.Sent!.ResponseBody)));
            batch.BatchCommands.Add(insert);
        }

        var update = new NpgsqlBatchCommand("""
            UPDATE webhook_deliveries d SET
                status = u.status,
                next_attempt_at = COALESCE(u.next_at, u.at),
                lease_token = NULL,
                attempt_count = d.attempt_count + CASE WHEN u.attempted THEN 1 ELSE 0 END,
                run_attempts = d.run_attempts + CASE WHEN u.attempted THEN 1 ELSE 0 END,
                last_attempt_at = CASE WHEN u.attempted THEN u.at ELSE d.last_attempt_at END,
                last_status_code = u.code,
                last_error = u.error,
                completed_at = CASE WHEN u.status = 'Pending' THEN NULL ELSE u.at END
            FROM unnest(@ids, @tokens, @statuses, @nexts, @ats, @codes, @errors, @attempted) AS u(id, token, status, next_at, at, code, error, attempted)
            WHERE d.id = u.id AND d.lease_token = u.token
            """);
        update.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, outcomes.Select(o => o.Delivery.Id)));
        update.Parameters.Add(Array("tokens", NpgsqlDbType.Uuid, outcomes.Select(o => o.Delivery.LeaseToken)));
        update.Parameters.Add(Array("statuses", NpgsqlDbType.Text, outcomes.Select(o => o.Decision.Status.ToString())));
        update.Parameters.Add(Array("nexts", NpgsqlDbType.TimestampTz, outcomes.Select(o => o.Decision.NextAttemptAt?.UtcDateTime)));
        update.Parameters.Add(Array("ats", NpgsqlDbType.TimestampTz, outcomes.Select(o => (o.Sent?.AttemptedAt ?? now).UtcDateTime)));
        update.Parameters.Add(Array("codes", NpgsqlDbType.Integer, outcomes.Select(o => o.Sent?.Result.StatusCode)));
        update.Parameters.Add(Array("errors", NpgsqlDbType.Text, outcomes.Select(o => o.Error)));
        update.Parameters.Add(Array("attempted", NpgsqlDbType.Boolean, outcomes.Select(o => o.Sent is not null)));
        batch.BatchCommands.Add(update);

        // Endpoint health: a success clears the failure clock; a failure starts it if it is not running.
        var succeeded = attempted.Where(o => o.Sent!.Result.Succeeded).Select(o => o.Delivery.EndpointId).Distinct().ToArray();
        var failed = attempted.Where(o => !o.Sent!.Result.Succeeded).Select(o => o.Delivery.EndpointId).Distinct().Except(succeeded).ToArray();
        if (failed.Length > 0)
        {
            var failing = new NpgsqlBatchCommand("UPDATE webhook_endpoints SET failing_since = @now WHERE id = ANY(@ids) AND failing_since IS NULL");
            failing.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, failed));
            failing.Parameters.AddWithValue("now", now);
            batch.BatchCommands.Add(failing);
        }
        if (succeeded.Length > 0)
        {
            var healthy = new NpgsqlBatchCommand("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ANY(@ids) AND failing_since IS NOT NULL");
            healthy.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, succeeded));
            batch.BatchCommands.Add(healthy);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // Rare: switch endpoints off (410 Gone, or failing for days), through the domain so admins hear of it.
        var gone = outcomes.Where(o => o.Decision.DisableEndpointReason is not null)
            .Select(o => (o.Delivery.OrgId, o.Delivery.EndpointId, Reason: o.Decision.DisableEndpointReason!));
        var longFailing = failed.Length == 0 ? [] : await LongFailingAsync(failed, now, cancellationToken);
        foreach (var (orgId, endpointId, reason) in gone.Concat(longFailing).DistinctBy(x => x.EndpointId))
            await DisableEndpointAsync(orgId, endpointId, reason, cancellationToken);
    }

    private async Task<List<(Guid OrgId, Guid EndpointId, string Reason)>> LongFailingAsync(Guid[] endpointIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT org_id, id FROM webhook_endpoints WHERE id = ANY(@ids) AND enabled AND failing_since <= @cutoff");
        command.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, endpointIds));
        command.Parameters.AddWithValue("cutoff", now - WebhookEndpoint.FailureDisableAfter);
        var result = new List<(Guid, Guid, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add((reader.GetGuid(0), reader.GetGuid(1), $"Every delivery failed for {WebhookEndpoint.FailureDisableAfter.TotalDays:0} days."));
        return result;
    }

    private async Task DisableEndpointAsync(Guid orgId, Guid endpointId, string reason, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        db.ScopeToOrganization(orgId);
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == endpointId, cancellationToken);
        if (endpoint is null) return;
        endpoint.DisableAutomatically(reason, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        LogEndpointDisabled(logger, endpointId, reason);
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The webhook dispatcher's loop failed; it continues")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {DeliveryId} could not be attempted; it is retried when its lease ends")]
    private static partial void LogAttemptCrashed(ILogger logger, Guid deliveryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} webhook results failed; those deliveries are attempted again when their leases end")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} was disabled: {Reason}")]
    private static partial void LogEndpointDisabled(ILogger logger, Guid endpointId, string reason);
}
