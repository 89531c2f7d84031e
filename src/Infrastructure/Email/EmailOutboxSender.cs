using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>An email claimed for one send.</summary>
internal sealed record ClaimedEmail(Guid Id, Guid LeaseToken, int Attempts, OutgoingEmail Email);

/// <summary>
/// Sends the email outbox (email_messages) through the configured provider. Claims due emails in
/// small batches with FOR UPDATE SKIP LOCKED, pushing next_attempt_at out by a lease and stamping a
/// lease token, so instances share the outbox, a crashed instance's claims come due again, and only
/// the lease holder writes the outcome. Claims are serialized by an advisory lock so the daily cap
/// holds across instances: once the UTC day's sends (and sends in flight) reach it, the due emails
/// are held until the next UTC day, essential ones first in line. Failed sends are retried on
/// <see cref="EmailRetrySchedule"/>.
/// </summary>
internal sealed partial class EmailOutboxSender(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    EmailSettings settings,
    TimeProvider clock,
    ILogger<EmailOutboxSender> logger) : BackgroundService, IEmailOutboxSignal
{
    /// <summary>pg_advisory_xact_lock key of the claim step ("emailcap").</summary>
    private const long ClaimLock = 0x656D61696C636170;

    private readonly Workers.WakeSignal _wake = new();

    public void Notify() => _wake.Notify();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLoopFailed(logger, ex);
            }
            if (claimed > 0) continue;
            try { await _wake.WaitAsync(settings.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Sends what is due now (one batch); returns how many emails it claimed.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var batch = await ClaimAsync(cancellationToken);
        if (batch.Count == 0) return 0;
        // The provider's typed client, fresh per batch (its handlers are pooled and rotated by the factory).
        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<IEmailSender>();
        foreach (var claimed in batch)
        {
            EmailSendResult result;
            try
            {
                result = await sender.SendAsync(claimed.Email, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result = new EmailSendResult(EmailSendOutcome.Retry, Error: ex.Message);
            }
            await WriteOutcomeAsync(claimed, result, sender.Provider, cancellationToken);
        }
        return batch.Count;
    }

    internal async Task<IReadOnlyList<ClaimedEmail>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", ClaimLock);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        long used;
        await using (var count = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM email_messages WHERE status = 'Sent' AND sent_at >= @day_start)
                 + (SELECT count(*) FROM email_messages WHERE status = 'Pending' AND lease_token IS NOT NULL AND next_attempt_at > @now)
            """, connection, transaction))
        {
            count.Parameters.AddWithValue("day_start", EmailRetrySchedule.UtcDayStart(now));
            count.Parameters.AddWithValue("now", now);
            used = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        var remaining = settings.DailyCap - used;
        if (remaining <= 0)
        {
            await using var hold = new NpgsqlCommand("""
                UPDATE email_messages SET status = 'Held', next_attempt_at = @next_day, lease_token = NULL
                WHERE status IN ('Pending', 'Held') AND next_attempt_at <= @now
                """, connection, transaction);
            hold.Parameters.AddWithValue("next_day", EmailRetrySchedule.NextUtcDay(now));
            hold.Parameters.AddWithValue("now", now);
            var held = await hold.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (held > 0) LogHeld(logger, held, settings.DailyCap, EmailRetrySchedule.NextUtcDay(now));
            return [];
        }

        var token = Guid.CreateVersion7();
        var result = new List<ClaimedEmail>();
        await using (var claim = new NpgsqlCommand("""
            WITH due AS (
                SELECT id FROM email_messages
                WHERE status IN ('Pending', 'Held') AND next_attempt_at <= @now
                ORDER BY (category = 'Essential') DESC, next_attempt_at, created_at
                LIMIT @limit
                FOR UPDATE SKIP LOCKED
            )
            UPDATE email_messages e SET status = 'Pending', next_attempt_at = @lease_until, lease_token = @token
            FROM due WHERE e.id = due.id
            RETURNING e.id, e.attempts, e.to_address, e.to_name, e.subject, e.html_body, e.text_body, e.reply_to, e.unsubscribe_url, e.template
            """, connection, transaction))
        {
            claim.Parameters.AddWithValue("now", now);
            claim.Parameters.AddWithValue("limit", (int)Math.Min(settings.BatchSize, remaining));
            claim.Parameters.AddWithValue("lease_until", now + settings.Lease);
            claim.Parameters.AddWithValue("token", token);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add(new ClaimedEmail(reader.GetGuid(0), token, reader.GetInt32(1), new OutgoingEmail
                {
                    MessageId = reader.GetGuid(0),
                    To = reader.GetString(2),
                    ToName = reader.IsDBNull(3) ? null : reader.GetString(3),
                    Subject = reader.GetString(4),
                    Html = reader.GetString(5),
                    Text = reader.GetString(6),
                    ReplyTo = reader.IsDBNull(7) ? null : reader.GetString(7),
                    UnsubscribeUrl = reader.IsDBNull(8) ? null : reader.GetString(8),
                    Template = reader.GetString(9),
                }));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task WriteOutcomeAsync(ClaimedEmail claimed, EmailSendResult result, string provider, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var attempts = claimed.Attempts + (result.Outcome == EmailSendOutcome.QuotaExceeded ? 0 : 1);
        var (status, next) = result.Outcome switch
        {
            EmailSendOutcome.Sent => (EmailStatus.Sent, now),
            EmailSendOutcome.QuotaExceeded => (EmailStatus.Held, EmailRetrySchedule.NextUtcDay(now)),
            EmailSendOutcome.Retry when EmailRetrySchedule.NextAttempt(attempts, now, result.RetryAfter) is { } at => (EmailStatus.Pending, at),
            _ => (EmailStatus.Failed, now),
        };

        await using var command = dataSource.CreateCommand("""
            UPDATE email_messages SET status = @status, attempts = @attempts, next_attempt_at = @next, lease_token = NULL,
                provider = @provider, provider_message_id = COALESCE(@provider_id, provider_message_id), last_error = @error,
                sent_at = CASE WHEN @status = 'Sent' THEN @now ELSE sent_at END
            WHERE id = @id AND lease_token = @token
            """);
        command.Parameters.AddWithValue("status", status.ToString());
        command.Parameters.AddWithValue("attempts", attempts);
        command.Parameters.AddWithValue("next", next);
        command.Parameters.AddWithValue("provider", provider);
        command.Parameters.AddWithValue("provider_id", (object?)Truncate(result.ProviderMessageId, 256) ?? DBNull.Value);
        command.Parameters.AddWithValue("error", (object?)Truncate(result.Error, EmailMessage.MaxError) ?? DBNull.Value);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("id", claimed.Id);
        command.Parameters.AddWithValue("token", claimed.LeaseToken);
        var written = await command.ExecuteNonQueryAsync(cancellationToken);

        if (written == 0) LogLeaseLost(logger, claimed.Id);
        else if (status == EmailStatus.Sent) LogSent(logger, claimed.Email.Template, claimed.Id, provider);
        else if (status == EmailStatus.Failed) LogFailed(logger, claimed.Id, attempts, result.Error ?? "");
        else LogWillRetry(logger, claimed.Id, attempts, next, result.Error ?? "");
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {Template} email {EmailId} through {Provider}")]
    private static partial void LogSent(ILogger logger, string template, Guid emailId, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {EmailId} failed after {Attempts} attempts: {Error}")]
    private static partial void LogFailed(ILogger logger, Guid emailId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {EmailId} attempt {Attempts} did not go through; next try at {NextAttemptAt}: {Error}")]
    private static partial void LogWillRetry(ILogger logger, Guid emailId, int attempts, DateTimeOffset nextAttemptAt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The daily email cap ({Cap}) is reached: {Count} emails are held until {Until}")]
    private static partial void LogHeld(ILogger logger, int count, int cap, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {EmailId}: its lease ran out before the outcome was written; another sender owns it now")]
    private static partial void LogLeaseLost(ILogger logger, Guid emailId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The email sender's loop failed; it continues")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
