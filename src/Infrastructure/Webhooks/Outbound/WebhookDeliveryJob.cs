using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Webhooks;
using VoiceTraining.Domain.Webhooks;
using VoiceTraining.Infrastructure.Data;
using VoiceTraining.Infrastructure.Workers.Queues;
using static VoiceTraining.Infrastructure.Workers.Queues.LeasedTable;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound;

/// <summary>The outcome of one claimed delivery, to be written back.</summary>
internal sealed record DeliveryOutcome(ClaimedDelivery Delivery, WebhookSendResult? Sent, WebhookDeliveryDecision Decision, string? Error, Guid AttemptId);

/// <summary>
/// Outbound webhook delivery as a job of the background engine: one attempt of a claimed delivery
/// (signed and sent, then decided by <see cref="WebhookRetrySchedule"/>), and the outcomes written
/// back in batches: the attempt log, the deliveries' states (only where the lease token still
/// matches), the endpoints' health, and switching off endpoints that are gone or failing for days.
/// </summary>
/// <remarks>
/// It talks to PostgreSQL with plain Npgsql, not EF: it is the hot path, and a batch of outcomes is
/// one transaction with <c>unnest</c> arrays. Rare state changes (disabling an endpoint) go through
/// the domain so they raise events.
/// </remarks>
internal sealed partial class WebhookDeliveryJob(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    WebhookHttpSender sender,
    IWebhookSecrets secrets,
    TimeProvider clock,
    ILogger<WebhookDeliveryJob> logger) : IQueueJob<ClaimedDelivery, DeliveryOutcome>
{
    private readonly ConcurrentDictionary<string, string> _plainSecrets = new(StringComparer.Ordinal);

    /// <summary>How the worker runs this job, from the webhook settings.</summary>
    public static QueueWorkerOptions WorkerOptions(WebhookOptions options) => new()
    {
        Name = "webhook delivery",
        BatchSize = options.BatchSize,
        MaxConcurrency = options.MaxConcurrency,
        PollInterval = options.PollInterval,
        // Attempts end one by one (at most MaxConcurrencyPerEndpoint at a time per endpoint): those
        // ending within a few milliseconds are written together, so a drain takes fewer, larger transactions.
        SettleGatherDelay = TimeSpan.FromMilliseconds(5),
        SettleBatchSize = 1000,
        ShutdownGrace = TimeSpan.FromSeconds(5),
    };

    /// <summary>Makes one attempt. A disabled endpoint fails the delivery without a request.</summary>
    public async Task<DeliveryOutcome> HandleAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        var attemptId = Guid.CreateVersion7();
        if (!delivery.EndpointEnabled)
        {
            const string disabled = "The endpoint is disabled; replay the delivery after enabling it.";
            return new(delivery, null, new WebhookDeliveryDecision(WebhookDeliveryStatus.Failed, null, null), disabled, attemptId);
        }

        var now = clock.GetUtcNow();
        if (Plain(delivery.ProtectedSecret) is not { } secret)
            return new(delivery, null, new WebhookDeliveryDecision(WebhookDeliveryStatus.Failed, null, null), WebhookSecretMessages.UnreadableForDelivery, attemptId);
        var previous = delivery.PreviousProtectedSecret is not null && delivery.PreviousSecretExpiresAt > now ? Plain(delivery.PreviousProtectedSecret) : null;
        var sent = await sender.SendAsync(new WebhookSendRequest(delivery.MessageId, delivery.Url, Encoding.UTF8.GetBytes(delivery.Payload), secret, previous), cancellationToken);
        var decision = WebhookRetrySchedule.Decide(delivery.RunAttempts + 1, delivery.MaxAttempts, sent.Result, clock.GetUtcNow(), Random.Shared.NextDouble());
        return new(delivery, sent, decision, sent.Result.Error, attemptId);
    }

    /// <summary>The plain secret (cached), or null when it can no longer be decrypted.</summary>
    private string? Plain(string protectedSecret)
    {
        if (_plainSecrets.TryGetValue(protectedSecret, out var plain)) return plain;
        if (secrets.TryUnprotect(protectedSecret) is not { } secret) return null;
        if (_plainSecrets.Count > 10_000) _plainSecrets.Clear();
        return _plainSecrets[protectedSecret] = secret;
    }

    /// <summary>Writes attempts, delivery states and endpoint health for a batch of outcomes in one transaction.</summary>
    public string Describe(ClaimedDelivery item) => $"delivery {item.Id}";

    public async Task SettleAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken)
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
                SELECT a.* FROM unnest(@ids, @orgs, @deliveries, @endpoints, @numbers, @ats, @oks, @codes, @durations, @errors, @bodies)
                    AS a(id, org_id, delivery_id, endpoint_id, attempt_number, attempted_at, succeeded, status_code, duration_ms, error, response_body)
                -- A delivery whose endpoint was deleted while it was being sent went with it: its attempt is
                -- dropped rather than failing the batch (and every other delivery's settling) on the foreign
                -- key. The lock waits for a delete in progress, then sees whether the row survived it.
                WHERE EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.id = a.delivery_id FOR KEY SHARE)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} was disabled: {Reason}")]
    private static partial void LogEndpointDisabled(ILogger logger, Guid endpointId, string reason);
}
