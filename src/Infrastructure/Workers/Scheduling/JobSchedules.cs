using Npgsql;
using NpgsqlTypes;

namespace VoiceTraining.Infrastructure.Workers.Scheduling;

/// <summary>
/// Claims and settles runs of scheduled jobs in job_schedules. A run is due when next_run_at has
/// passed and no unexpired lease holds it; claiming sets a fresh lease token, and only its holder
/// settles the run. Times come from the application's clock, not the database's, so tests can move it.
/// </summary>
internal sealed class JobSchedules(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const int MaxErrorChars = 900;

    /// <summary>The first delay after a failed run; it doubles with each failure in a row, up to the interval.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(10);

    /// <summary>Claims the job's run if one is due; returns the lease token, or null when it is not due or another instance holds it.</summary>
    public async Task<Guid?> TryClaimAsync(string name, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = Guid.NewGuid();
        await using var batch = dataSource.CreateBatch();
        // A job seen for the first time is due at once.
        batch.BatchCommands.Add(Command("""
            INSERT INTO job_schedules (name, next_run_at, failures) VALUES ($1, $2, 0)
            ON CONFLICT (name) DO NOTHING
            """, name, now));
        batch.BatchCommands.Add(Command("""
            UPDATE job_schedules SET lease_token = $3, leased_until = $4
            WHERE name = $1 AND next_run_at <= $2 AND (leased_until IS NULL OR leased_until <= $2)
            """, name, now, token, now + lease));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands[1].RecordsAffected == 1 ? token : null;
    }

    /// <summary>Ends a successful run: the next one is due an interval from now.</summary>
    public Task CompleteAsync(string name, Guid token, TimeSpan interval, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return ExecuteAsync("""
            UPDATE job_schedules SET next_run_at = $3, last_run_at = $4, failures = 0, last_error = NULL, lease_token = NULL, leased_until = NULL
            WHERE name = $1 AND lease_token = $2
            """, cancellationToken, name, token, now + interval, now);
    }

    /// <summary>Ends a failed run: it is tried again after a back-off that doubles per failure in a row, never later than the interval.</summary>
    public Task FailAsync(string name, Guid token, TimeSpan interval, string error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var message = error.Length <= MaxErrorChars ? error : error[..MaxErrorChars] + "…";
        // failures counts this failure too: 10 s, 20 s, 40 s … (seconds, capped at the interval; exponent capped so it cannot overflow).
        return ExecuteAsync("""
            UPDATE job_schedules
            SET failures = failures + 1,
                next_run_at = $3 + LEAST($4, $5 * power(2, LEAST(failures, 20))) * interval '1 second',
                last_run_at = $3, last_error = $6, lease_token = NULL, leased_until = NULL
            WHERE name = $1 AND lease_token = $2
            """, cancellationToken, name, token, now, interval.TotalSeconds, FirstRetryDelay.TotalSeconds, message);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values) command.Parameters.Add(Parameter(value));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(Parameter(value));
        return command;
    }

    private static NpgsqlParameter Parameter(object value) => value switch
    {
        DateTimeOffset time => new NpgsqlParameter { Value = time.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
        _ => new NpgsqlParameter { Value = value },
    };
}
