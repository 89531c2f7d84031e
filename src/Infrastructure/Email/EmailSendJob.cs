using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Email;
using VoiceTraining.Infrastructure.Workers.Queues;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>What one send came to, as the outbox writes it back.</summary>
/// <param name="Claimed">The email and the lease it was sent under.</param>
/// <param name="Status">Its new status: Sent, Pending (a retry is due at <paramref name="NextAttemptAt"/>), Held (the provider's quota) or Failed.</param>
/// <param name="At">When the send ended.</param>
/// <param name="NextAttemptAt">When it is due again (for a sent or failed email, <paramref name="At"/>).</param>
/// <param name="CountsAsAttempt">False when the provider's quota stopped it: that is not the email's failure.</param>
/// <param name="Provider">The provider that was asked.</param>
/// <param name="ProviderMessageId">The provider's id for the message, when it answered one.</param>
/// <param name="Error">Why it did not go through, or null.</param>
internal sealed record EmailOutcome(
    ClaimedEmail Claimed, EmailStatus Status, DateTimeOffset At, DateTimeOffset NextAttemptAt, bool CountsAsAttempt,
    string Provider, string? ProviderMessageId, string? Error)
{
    /// <summary>The provider_message_id column's length.</summary>
    private const int MaxProviderMessageId = 256;

    /// <summary>Sends made, this one included when it counts.</summary>
    public int Attempts => Claimed.Attempts + (CountsAsAttempt ? 1 : 0);

    /// <summary>The status, due time, attempt and error, as the queue settles them.</summary>
    public Settlement Settlement => new(Claimed.Id, Claimed.LeaseToken, Status.ToString(), NextAttemptAt, CountsAsAttempt ? 1 : 0, Error);

    /// <summary>
    /// Decides what <paramref name="result"/> means for the email: a transient failure is retried
    /// on <paramref name="retries"/> (the provider's Retry-After honoured) until it runs out, the
    /// provider's used-up quota holds the email until the next UTC day without counting an
    /// attempt, a refusal fails it.
    /// </summary>
    public static EmailOutcome Of(ClaimedEmail claimed, EmailSendResult result, string provider, DateTimeOffset now, RetrySchedule retries)
    {
        var counts = result.Outcome != EmailSendOutcome.QuotaExceeded;
        var attempts = claimed.Attempts + (counts ? 1 : 0);
        var (status, next) = result.Outcome switch
        {
            EmailSendOutcome.Sent => (EmailStatus.Sent, now),
            EmailSendOutcome.QuotaExceeded => (EmailStatus.Held, EmailRetrySchedule.NextUtcDay(now)),
            EmailSendOutcome.Retry when retries.NextAttempt(attempts, now, result.RetryAfter) is { } at => (EmailStatus.Pending, at),
            _ => (EmailStatus.Failed, now),
        };
        return new(claimed, status, now, next, counts, provider, Truncate(result.ProviderMessageId, MaxProviderMessageId), Truncate(result.Error, EmailMessage.MaxError));
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

/// <summary>
/// The background engine's email job: sends one claimed email through the configured provider
/// (<see cref="IEmailSender"/>, from a scope of its own) and writes a batch of outcomes in one
/// transaction: the queue's settle, plus the provider, its message id and the send time, both
/// guarded by the lease token, so a sender whose lease ran out writes nothing.
/// </summary>
internal sealed partial class EmailSendJob(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<EmailSendJob> logger) : IQueueJob<ClaimedEmail, EmailOutcome>
{
    private readonly LeasedTable _outbox = new(dataSource, EmailOutboxQueue.Definition);

    /// <summary>How the worker runs this job, from <paramref name="settings"/>.</summary>
    public static QueueWorkerOptions WorkerOptions(EmailSettings settings) => new()
    {
        Name = "email",
        BatchSize = settings.BatchSize,
        PollInterval = settings.PollInterval,
        // One send at a time per instance. Resend admits 2 requests per second per team (the
        // client's limiter holds each instance to that), which one sender nearly fills at a
        // provider's usual latency, and the daily cap is about a hundred emails; sends in parallel
        // would mostly queue in the limiter while their leases run and count against the cap as
        // in flight.
        MaxConcurrency = 1,
    };

    public async Task<EmailOutcome> HandleAsync(ClaimedEmail claimed, CancellationToken cancellationToken)
    {
        // The provider's typed client, fresh per send (its handlers are pooled and rotated by the factory).
        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<IEmailSender>();
        EmailSendResult result;
        try
        {
            result = await sender.SendAsync(claimed.Email, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Adapters answer provider errors with a result; anything thrown is taken as transient.
            result = new EmailSendResult(EmailSendOutcome.Retry, Error: ex.Message);
        }
        return EmailOutcome.Of(claimed, result, sender.Provider, clock.GetUtcNow(), EmailRetrySchedule.Retries);
    }

    public string Describe(ClaimedEmail item) => $"email {item.Id}";

    public async Task SettleAsync(IReadOnlyList<EmailOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0) return;
        var written = new HashSet<Guid>();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var batch = new NpgsqlBatch(connection))
        {
            // One implicit transaction, in this order: the provider columns are written while the
            // lease token is still there to guard them; the settle then clears it.
            batch.BatchCommands.Add(ProviderColumnsCommand(outcomes));
            batch.BatchCommands.Add(_outbox.SettleCommand([.. outcomes.Select(o => o.Settlement)]));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            do
            {
                while (await reader.ReadAsync(cancellationToken)) written.Add(reader.GetGuid(0));
            } while (await reader.NextResultAsync(cancellationToken));
        }
        foreach (var outcome in outcomes) Log(outcome, written.Contains(outcome.Claimed.Id));
    }

    /// <summary>The provider that was asked, the message id it answered (an earlier one is kept when none) and, for a sent email, when.</summary>
    private static NpgsqlBatchCommand ProviderColumnsCommand(IReadOnlyList<EmailOutcome> outcomes)
    {
        var command = new NpgsqlBatchCommand("""
            UPDATE email_messages e SET provider = u.provider,
                provider_message_id = COALESCE(u.provider_message_id, e.provider_message_id),
                sent_at = COALESCE(u.sent_at, e.sent_at)
            FROM unnest(@ids, @tokens, @providers, @provider_ids, @sent_ats) AS u(id, token, provider, provider_message_id, sent_at)
            WHERE e.id = u.id AND e.lease_token = u.token
            """);
        command.Parameters.Add(LeasedTable.Array("ids", NpgsqlDbType.Uuid, outcomes.Select(o => o.Claimed.Id)));
        command.Parameters.Add(LeasedTable.Array("tokens", NpgsqlDbType.Uuid, outcomes.Select(o => o.Claimed.LeaseToken)));
        command.Parameters.Add(LeasedTable.Array("providers", NpgsqlDbType.Text, outcomes.Select(o => o.Provider)));
        command.Parameters.Add(LeasedTable.Array("provider_ids", NpgsqlDbType.Text, outcomes.Select(o => o.ProviderMessageId)));
        command.Parameters.Add(LeasedTable.Array("sent_ats", NpgsqlDbType.TimestampTz,
            outcomes.Select(o => o.Status == EmailStatus.Sent ? o.At.UtcDateTime : (DateTime?)null)));
        return command;
    }

    private void Log(EmailOutcome outcome, bool written)
    {
        var id = outcome.Claimed.Id;
        if (!written) LogLeaseLost(logger, id);
        else if (outcome.Status == EmailStatus.Sent) LogSent(logger, outcome.Claimed.Email.Template, id, outcome.Provider);
        else if (outcome.Status == EmailStatus.Failed) LogFailed(logger, id, outcome.Attempts, outcome.Error ?? "");
        else LogWillRetry(logger, id, outcome.Attempts, outcome.NextAttemptAt, outcome.Error ?? "");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {Template} email {EmailId} through {Provider}")]
    private static partial void LogSent(ILogger logger, string template, Guid emailId, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {EmailId} failed after {Attempts} attempts: {Error}")]
    private static partial void LogFailed(ILogger logger, Guid emailId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {EmailId} attempt {Attempts} did not go through; next try at {NextAttemptAt}: {Error}")]
    private static partial void LogWillRetry(ILogger logger, Guid emailId, int attempts, DateTimeOffset nextAttemptAt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {EmailId}: its lease ran out before the outcome was written; another sender owns it now")]
    private static partial void LogLeaseLost(ILogger logger, Guid emailId);
}
