using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Identity.Commands.ProcessIdentityEvent;
using VoiceTraining.Application.Identity.Commands.PurgeDeletedMemberRecordings;
using VoiceTraining.Application.Identity.Commands.RetryPendingIdentityEvents;
using VoiceTraining.Infrastructure.Workers;

namespace VoiceTraining.Infrastructure.Identity;

/// <summary>Wakes the identity worker (an organization arrived that events may wait for).</summary>
internal sealed class PendingIdentityEventSignal : WakeSignal, IPendingIdentityEventSignal;

public sealed class IdentityWorkerOptions
{
    /// <summary>How often waiting identity events are retried when nothing wakes the worker.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How often deleted members' recordings past retention are looked for.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Background identity upkeep: retries identity events that wait for their organization, and
/// deletes the recordings of deleted members once the retention period has passed.
/// </summary>
internal sealed partial class IdentitySyncWorker(
    IServiceScopeFactory scopes, PendingIdentityEventSignal signal, IdentityWorkerOptions options, TimeProvider clock, ILogger<IdentitySyncWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextPurge = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var retry = new RetryPendingIdentityEventsCommand();
                while (await SendAsync(retry, stoppingToken) is var r && r.Applied + r.StillWaiting + r.Expired == retry.BatchSize) { }
                if (clock.GetUtcNow() >= nextPurge)
                {
                    var purge = new PurgeDeletedMemberRecordingsCommand();
                    while (await SendAsync(purge, stoppingToken) == purge.BatchSize) { }
                    nextPurge = clock.GetUtcNow() + options.PurgeInterval;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
            try { await signal.WaitAsync(options.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task<T> SendAsync<T>(IRequest<T> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Identity upkeep failed; it runs again later")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
