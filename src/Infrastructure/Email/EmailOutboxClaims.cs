using Microsoft.Extensions.Logging;
using Npgsql;
using VoiceTraining.Domain.Email;
using VoiceTraining.Infrastructure.Workers.Queues;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>
/// Claims due emails under the daily cap. Claims are serialized across instances by an advisory
/// lock, and the cap is counted in the claim's own transaction, so it holds however many
/// instances send: the UTC day's sends plus the sends in flight (Pending rows under a live lease)
/// are what is used. Once they reach the cap, the due emails are held until the next UTC day
/// (essential ones first in line then, by the queue's order); below it, at most what is left is
/// claimed, with the queue's SKIP LOCKED claim.
/// </summary>
internal sealed partial class EmailOutboxClaims(
    NpgsqlDataSource dataSource,
    EmailSettings settings,
    TimeProvider clock,
    ILogger<EmailOutboxClaims> logger) : IClaimStrategy<ClaimedEmail>
{
    /// <summary>pg_advisory_xact_lock key of the claim step ("emailcap").</summary>
    private const long ClaimLock = 0x656D61696C636170;

    private readonly LeasedTable _outbox = new(dataSource, EmailOutboxQueue.Definition);

    public async Task<IReadOnlyList<ClaimedEmail>> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockClaimsAsync(transaction, cancellationToken);

        var remaining = settings.DailyCap - await UsedTodayAsync(transaction, now, cancellationToken);
        if (remaining <= 0)
        {
            var held = await HoldDueAsync(transaction, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (held > 0) LogHeld(logger, held, settings.DailyCap, EmailRetrySchedule.NextUtcDay(now));
            return [];
        }

        var claimed = await _outbox.ClaimAsync(transaction, (int)Math.Min(limit, remaining), now, settings.Lease, EmailOutboxQueue.Read, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>Waits for other instances' claims to commit (the lock ends with the transaction).</summary>
    private static async Task LockClaimsAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", transaction.Connection, transaction);
        command.Parameters.AddWithValue("key", ClaimLock);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The cap used today: emails sent since the UTC day began, plus those in flight.</summary>
    private static async Task<long> UsedTodayAsync(NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM email_messages WHERE status = 'Sent' AND sent_at >= @day_start)
                 + (SELECT count(*) FROM email_messages WHERE status = 'Pending' AND lease_token IS NOT NULL AND next_attempt_at > @now)
            """, transaction.Connection, transaction);
        command.Parameters.AddWithValue("day_start", EmailRetrySchedule.UtcDayStart(now));
        command.Parameters.AddWithValue("now", now);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Holds every due email until the next UTC day; returns how many.</summary>
    private static async Task<int> HoldDueAsync(NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE email_messages SET status = 'Held', next_attempt_at = @next_day, lease_token = NULL
            WHERE status IN ('Pending', 'Held') AND next_attempt_at <= @now
            """, transaction.Connection, transaction);
        command.Parameters.AddWithValue("next_day", EmailRetrySchedule.NextUtcDay(now));
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The daily email cap ({Cap}) is reached: {Count} emails are held until {Until}")]
    private static partial void LogHeld(ILogger logger, int count, int cap, DateTimeOffset until);
}
