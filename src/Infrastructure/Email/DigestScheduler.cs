using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoiceTraining.Application.Email.Digests.Commands.QueueDigests;
using VoiceTraining.Domain.Members;
using VoiceTraining.Infrastructure.Data;
using VoiceTraining.Infrastructure.Workers.Scheduling;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>
/// Queues the manager digests that are due, organization by organization, every
/// <see cref="EmailSettings.DigestScanInterval"/>. A scheduled job: one instance runs each scan
/// (<see cref="ScheduledJobHost"/>); a run by hand beside it is still safe, because each
/// organization's run locks its row and each digest's period key is unique in the outbox.
/// </summary>
internal sealed partial class DigestScheduler(IServiceScopeFactory scopes, EmailSettings settings, ILogger<DigestScheduler> logger)
    : IScheduledJob
{
    public string Name => "manager-digests";

    public TimeSpan Interval => settings.DigestScanInterval;

    public Task RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    /// <summary>Queues every digest due now; returns how many.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        List<Guid> orgIds;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            orgIds = await db.Members.IgnoreQueryFilters()
                .Where(m => m.Status == MemberStatus.Active && (m.Role == MemberRole.Manager || m.Role == MemberRole.Admin))
                .Select(m => m.OrgId).Distinct().ToListAsync(cancellationToken);
        }

        var queued = 0;
        foreach (var orgId in orgIds)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                queued += await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new QueueDigestsCommand(orgId), cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another instance queued the same digest first.
                LogRace(logger, orgId);
            }
        }
        if (queued > 0) LogQueued(logger, queued);
        return queued;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} manager digests")]
    private static partial void LogQueued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Digests of organization {OrgId} were queued by another instance")]
    private static partial void LogRace(ILogger logger, Guid orgId);
}
