using Npgsql;
using NpgsqlTypes;

namespace VoiceTraining.Infrastructure.Workers.Queues;

/// <summary>
/// A work queue kept in a table of its own that follows the lease convention: an <c>id</c> (uuid),
/// a <c>status</c>, <c>next_attempt_at</c> (when the row is due; during a lease, when the lease
/// ends), <c>lease_token</c> (uuid, set while claimed), an attempts counter and <c>last_error</c>.
/// The claim takes due rows with FOR UPDATE SKIP LOCKED, so instances share the table; an expired
/// lease needs no sweeper, since the row is simply due again. Settling is one statement for the
/// whole batch, and writes only rows whose lease token still matches.
/// </summary>
internal sealed class LeasedTable(NpgsqlDataSource dataSource, LeasedTableDefinition definition)
{
    public LeasedTableDefinition Definition => definition;

    /// <summary>
    /// Claims at most <paramref name="limit"/> due rows (matching the definition's filter and due at
    /// <paramref name="now"/>), in the definition's order, for <paramref name="lease"/>, and reads
    /// the columns the definition returns with <paramref name="read"/> (given the lease token).
    /// </summary>
    public async Task<IReadOnlyList<T>> ClaimAsync<T>(int limit, DateTimeOffset now, TimeSpan lease,
        Func<NpgsqlDataReader, Guid, T> read, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(definition.ClaimSql);
        return await ClaimWithAsync(command, limit, now, lease, read, cancellationToken);
    }

    /// <summary>
    /// The same claim inside <paramref name="transaction"/>, for a strategy whose rule must hold in
    /// the claim's own transaction (a cap counted under a lock); the claim takes effect when the
    /// caller commits.
    /// </summary>
    public async Task<IReadOnlyList<T>> ClaimAsync<T>(NpgsqlTransaction transaction, int limit, DateTimeOffset now, TimeSpan lease,
        Func<NpgsqlDataReader, Guid, T> read, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(definition.ClaimSql, transaction.Connection, transaction);
        return await ClaimWithAsync(command, limit, now, lease, read, cancellationToken);
    }

    private static async Task<IReadOnlyList<T>> ClaimWithAsync<T>(NpgsqlCommand command, int limit, DateTimeOffset now, TimeSpan lease,
        Func<NpgsqlDataReader, Guid, T> read, CancellationToken cancellationToken)
    {
        var token = Guid.CreateVersion7();
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("lease_until", now + lease);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("limit", limit);
        var result = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) result.Add(read(reader, token));
        return result;
    }

    /// <summary>Writes the outcomes in one statement; returns the ids written (a row whose lease was lost is not).</summary>
    public async Task<IReadOnlySet<Guid>> SettleAsync(IReadOnlyList<Settlement> settlements, CancellationToken cancellationToken)
    {
        if (settlements.Count == 0) return new HashSet<Guid>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(SettleCommand(settlements));
        var written = new HashSet<Guid>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) written.Add(reader.GetGuid(0));
        return written;
    }

    /// <summary>
    /// The settle statement on its own (it returns the ids written), for a job that writes more
    /// in the same batch or transaction.
    /// </summary>
    public NpgsqlBatchCommand SettleCommand(IReadOnlyList<Settlement> settlements)
    {
        var command = new NpgsqlBatchCommand(definition.SettleSql);
        command.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, settlements.Select(s => s.Id)));
        command.Parameters.Add(Array("tokens", NpgsqlDbType.Uuid, settlements.Select(s => s.LeaseToken)));
        command.Parameters.Add(Array("statuses", NpgsqlDbType.Text, settlements.Select(s => s.Status)));
        command.Parameters.Add(Array("nexts", NpgsqlDbType.TimestampTz, settlements.Select(s => s.NextAttemptAt.UtcDateTime)));
        command.Parameters.Add(Array("added", NpgsqlDbType.Integer, settlements.Select(s => s.AttemptsAdded)));
        command.Parameters.Add(Array("errors", NpgsqlDbType.Text, settlements.Select(s => s.Error)));
        return command;
    }

    internal static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };
}

/// <summary>What to write for one claimed row: its new status and due time, and the attempt it cost.</summary>
/// <param name="Id">The row.</param>
/// <param name="LeaseToken">The token its claim stamped; the row is written only if it still holds it.</param>
/// <param name="Status">The new status (a row stays in the queue while its status is one the definition calls ready).</param>
/// <param name="NextAttemptAt">When it is due next (for a finished row, when it finished).</param>
/// <param name="AttemptsAdded">1 when the handling counted as an attempt, 0 when it did not (held back, quota).</param>
/// <param name="Error">The last error, or null to clear it.</param>
internal sealed record Settlement(Guid Id, Guid LeaseToken, string Status, DateTimeOffset NextAttemptAt, int AttemptsAdded, string? Error);

/// <summary>
/// The shape of a leased queue table: its name, which rows are waiting (<see cref="Ready"/>, e.g.
/// <c>status = 'Pending'</c>; the due time is checked beside it), the claim order, the columns a
/// claim returns, and the name of its attempts counter.
/// </summary>
internal sealed record LeasedTableDefinition(string Table, string Ready, string OrderBy, string Returning, string AttemptsColumn = "attempts")
{
    /// <summary>Extra assignments made when a row is claimed (e.g. <c>status = 'Pending'</c> for a held row).</summary>
    public string? SetOnClaim { get; init; }

    internal string ClaimSql => $"""
        WITH due AS (
            SELECT id FROM {Table}
            WHERE ({Ready}) AND next_attempt_at <= @now
            ORDER BY {OrderBy}
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
        )
        UPDATE {Table} q SET next_attempt_at = @lease_until, lease_token = @token{(SetOnClaim is null ? "" : ", " + SetOnClaim)}
        FROM due WHERE q.id = due.id
        RETURNING {Returning}
        """;

    internal string SettleSql => $"""
        UPDATE {Table} q SET status = u.status, next_attempt_at = u.next_at, lease_token = NULL,
            {AttemptsColumn} = q.{AttemptsColumn} + u.added, last_error = u.error
        FROM unnest(@ids, @tokens, @statuses, @nexts, @added, @errors) AS u(id, token, status, next_at, added, error)
        WHERE q.id = u.id AND q.lease_token = u.token
        RETURNING q.id
        """;
}
