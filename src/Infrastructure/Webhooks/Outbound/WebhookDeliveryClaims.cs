using Npgsql;
using NpgsqlTypes;
using VoiceTraining.Infrastructure.Workers.Queues;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound;

/// <summary>A delivery claimed for one attempt, with what the attempt needs.</summary>
internal sealed record ClaimedDelivery(
    Guid Id, Guid OrgId, Guid MessageId, Guid EndpointId, Guid LeaseToken, int AttemptCount, int RunAttempts, int MaxAttempts,
    string Payload, string Url, bool EndpointEnabled, string ProtectedSecret, string? PreviousProtectedSecret, DateTimeOffset? PreviousSecretExpiresAt);

/// <summary>
/// Takes due webhook deliveries off the durable queue (webhook_deliveries), fairly across endpoints.
/// Claims are leased: next_attempt_at is pushed out by <see cref="WebhookOptions.Lease"/> and a
/// lease token stamped, so instances share the queue without sending one attempt twice at once,
/// and a crashed instance's claims come due again when the lease runs out.
/// </summary>
/// <remarks>
/// Fairness: each instance keeps at most <see cref="WebhookOptions.MaxConcurrencyPerEndpoint"/>
/// attempts in flight per endpoint, counted here (added on claim, taken off in
/// <see cref="Released"/>). The claim leaves an endpoint's deliveries in the queue while its slots
/// are full (not claimed, so no attempt is spent and no lease taken) and takes due deliveries
/// endpoint by endpoint, the oldest of each endpoint first, so a backlog or a hanging receiver at
/// one endpoint neither fills every slot nor delays another endpoint's deliveries.
/// </remarks>
internal sealed class WebhookDeliveryClaims(NpgsqlDataSource dataSource, WebhookOptions options, TimeProvider clock) : IClaimStrategy<ClaimedDelivery>
{
    // Attempts in flight per endpoint (this instance), for the per-endpoint cap; locked on itself.
    // Only the worker's loop claims (one claim at a time); attempts take themselves off as they end.
    private readonly Dictionary<Guid, int> _inFlightByEndpoint = [];

    /// <summary>Claims due deliveries within the per-endpoint cap, and counts them in flight until they are released.</summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(limit, InFlightByEndpoint(), cancellationToken);
        lock (_inFlightByEndpoint)
            foreach (var delivery in claimed)
                _inFlightByEndpoint[delivery.EndpointId] = _inFlightByEndpoint.GetValueOrDefault(delivery.EndpointId) + 1;
        return claimed;
    }

    /// <summary>
    /// Takes the attempt off its endpoint's count. Says to claim again when the endpoint has at most
    /// half its slots in use: an endpoint that was at its cap is refilled once half of its slots are
    /// free, not slot by slot, since one claim per delivery would cost a transaction each. (An
    /// endpoint below half its cap, e.g. one with steady traffic, asks every time.)
    /// </summary>
    public bool Released(ClaimedDelivery item)
    {
        int left;
        lock (_inFlightByEndpoint)
        {
            left = _inFlightByEndpoint[item.EndpointId] - 1;
            if (left == 0) _inFlightByEndpoint.Remove(item.EndpointId);
            else _inFlightByEndpoint[item.EndpointId] = left;
        }
        return left <= options.MaxConcurrencyPerEndpoint / 2;
    }

    /// <summary>This instance's attempts in flight per endpoint, now.</summary>
    internal IReadOnlyDictionary<Guid, int> InFlightByEndpoint()
    {
        lock (_inFlightByEndpoint) return new Dictionary<Guid, int>(_inFlightByEndpoint);
    }

    /// <summary>
    /// Claims one delivery whenever it is due and whatever its endpoint's cap (a test send, made at
    /// once by the caller, outside the worker's slots, so it is not counted in flight); null when
    /// it is not pending or another instance holds it.
    /// </summary>
    public async Task<ClaimedDelivery?> ClaimByIdAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(deliveryId, 1, null, cancellationToken);
        return claimed.Count == 0 ? null : claimed[0];
    }

    /// <summary>
    /// Claims due deliveries: at most <see cref="WebhookOptions.MaxConcurrencyPerEndpoint"/> minus
    /// <paramref name="inFlight"/> of an endpoint (none of an endpoint at its cap), at most
    /// <paramref name="limit"/> in all, taken in turns: every endpoint's oldest due delivery, then
    /// every endpoint's second, and so on. Counts nothing in flight (the tracking claim above does).
    /// </summary>
    internal Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int limit, IReadOnlyDictionary<Guid, int> inFlight, CancellationToken cancellationToken) =>
        ClaimAsync(null, limit, inFlight, cancellationToken);

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

    /// <summary>The one given (<paramref name="onlyId"/>, whenever it is due), or the due ones within the cap given <paramref name="inFlight"/>.</summary>
    private async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(Guid? onlyId, int limit, IReadOnlyDictionary<Guid, int>? inFlight, CancellationToken cancellationToken)
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
            var busy = inFlight ?? new Dictionary<Guid, int>();
            command.Parameters.AddWithValue("per_endpoint", options.MaxConcurrencyPerEndpoint);
            command.Parameters.Add(LeasedTable.Array("busy", NpgsqlDbType.Uuid, busy.Keys));
            command.Parameters.Add(LeasedTable.Array("busy_counts", NpgsqlDbType.Integer, busy.Keys.Select(k => busy[k])));
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
}
