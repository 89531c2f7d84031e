using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Voice.Sessions.Commands.EnforceVoiceSessionLimits;
using VoiceTraining.Domain.Voice;
using VoiceTraining.Infrastructure.Data;
using VoiceTraining.Infrastructure.Workers.Scheduling;

namespace VoiceTraining.Infrastructure.Voice.Sessions;

/// <summary>
/// Keeps voice sessions within their limits: every <see cref="VoiceSessionOptions.WatchdogInterval"/>
/// each active session's running cost is brought up to date, and a session past its circuit breaker
/// threshold or its longest length is ended as end-session ends it. A scheduled job, so one
/// instance runs each pass; each session is its own command (and transaction), locked through its
/// attempt's row, so one that fails does not hold up the others and a member's own end-session
/// cannot race it.
/// </summary>
internal sealed partial class VoiceSessionWatchdog(
    IServiceScopeFactory scopes, VoiceSessionOptions options, ILogger<VoiceSessionWatchdog> logger) : IScheduledJob
{
    private const int BatchSize = 500;

    public string Name => "voice-session-watchdog";

    public TimeSpan Interval => options.WatchdogInterval;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var after = (StartedAt: DateTimeOffset.MinValue, Id: Guid.Empty);
        while (true)
        {
            var batch = await ActiveSessionsAsync(after, cancellationToken);
            foreach (var session in batch)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var outcome = await scope.ServiceProvider.GetRequiredService<IMediator>()
                        .Send(new EnforceVoiceSessionLimitsCommand(session.Id), cancellationToken);
                    if (outcome == VoiceSessionLimitOutcome.Ended) LogEnded(logger, session.Id);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogFailed(logger, ex, session.Id);
                }
            }
            if (batch.Count < BatchSize) return;
            after = (batch[^1].StartedAt, batch[^1].Id);
        }
    }

    /// <summary>Active sessions of every organization, oldest first, after the given one (keyset paging).</summary>
    private async Task<List<ActiveSession>> ActiveSessionsAsync((DateTimeOffset StartedAt, Guid Id) after, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.VoiceSessions.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.Status == VoiceSessionStatus.Active
                        && (s.StartedAt > after.StartedAt || (s.StartedAt == after.StartedAt && s.Id.CompareTo(after.Id) > 0)))
            .OrderBy(s => s.StartedAt).ThenBy(s => s.Id)
            .Take(BatchSize)
            .Select(s => new ActiveSession(s.Id, s.StartedAt))
            .ToListAsync(cancellationToken);
    }

    private sealed record ActiveSession(Guid Id, DateTimeOffset StartedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Voice session {SessionId} passed a limit and was ended")]
    private static partial void LogEnded(ILogger logger, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The watchdog could not check voice session {SessionId}; it is tried again at the next pass")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid sessionId);
}
