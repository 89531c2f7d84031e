using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Infrastructure.Data;
using VoiceTraining.Infrastructure.Webhooks.Outbound;
using VoiceTraining.Infrastructure.Workers.Scheduling;

namespace VoiceTraining.Infrastructure.Assignments;

/// <summary>
/// Notices assignments past their due date and not completed, and reports each once
/// (assignment.overdue, with the days overdue). A scheduled job: one instance runs each scan
/// (<see cref="ScheduledJobHost"/>). Rows are still claimed with FOR UPDATE SKIP LOCKED, so a scan
/// run by hand beside it cannot report twice; the report is saved in the same transaction as the mark.
/// </summary>
internal sealed partial class OverdueAssignmentScanner(
    IServiceScopeFactory scopes,
    WebhookOptions options,
    VoiceTraining.Application.Common.Interfaces.IWebhookDispatcher dispatcher,
    TimeProvider clock,
    ILogger<OverdueAssignmentScanner> logger) : IScheduledJob
{
    private const int BatchSize = 200;

    public string Name => "overdue-assignments";

    public TimeSpan Interval => options.OverdueScanInterval;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (await ScanOnceAsync(cancellationToken) == BatchSize) { }
    }

    /// <summary>Reports the assignments that became overdue; returns how many.</summary>
    internal async Task<int> ScanOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Database.SqlQuery<OverdueRow>($"""
            SELECT id AS "Id", org_id AS "OrgId" FROM assignments
            WHERE status <> 'Completed' AND overdue_notified_at IS NULL AND due_at < {now}
            ORDER BY due_at LIMIT {BatchSize}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        if (due.Count == 0) return 0;

        // Each organization in turn on the same context and transaction (the filters and the payloads
        // need one): scoping the context switches its connection's tenant session (ADR 0017). Never a
        // second context on this connection: a pooled context keeps a connection it was given (ADR 0019).
        foreach (var byOrg in due.GroupBy(r => r.OrgId))
        {
            db.ScopeToOrganization(byOrg.Key);
            var ids = byOrg.Select(r => r.Id).ToList();
            var assignments = await db.Assignments.Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
            var marked = assignments.Count(a => a.MarkOverdue(now));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            LogMarked(logger, marked, byOrg.Key);
        }
        await transaction.CommitAsync(cancellationToken);
        dispatcher.Notify();
        return due.Count;
    }

    private sealed record OverdueRow(Guid Id, Guid OrgId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reported {Count} overdue assignments in organization {OrgId}")]
    private static partial void LogMarked(ILogger logger, int count, Guid orgId);
}
