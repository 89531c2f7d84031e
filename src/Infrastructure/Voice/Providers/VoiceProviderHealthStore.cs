using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Email;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Voice;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Infrastructure.Voice.Providers;

/// <summary>
/// Writes the shared health state: one provider's row, locked for the change, and (when its status
/// changed) the log line and the alert email in the same transaction, so every change is told once
/// across instances, by the instance that made it.
/// </summary>
internal sealed partial class VoiceProviderHealthStore(
    IServiceScopeFactory scopes, VoiceProviderHealthBoard board, VoiceProviderChains chains, VoiceProviderSettings settings,
    IPublicUrls urls, TimeProvider clock, ILogger<VoiceProviderHealthStore> logger)
{
    public Task<VoiceProviderStatusChange?> RecordCheckAsync(string provider, VoiceProviderKind kind, string? error, CancellationToken cancellationToken) =>
        RecordAsync(provider, kind, (row, now) => row.RecordCheck(error is null, error, settings.UnhealthyAfter, now), cancellationToken);

    public Task<VoiceProviderStatusChange?> RecordLiveFailureAsync(string provider, VoiceProviderKind kind, string error, TimeSpan holdFor, CancellationToken cancellationToken) =>
        RecordAsync(provider, kind, (row, now) => row.RecordLiveFailure(error, holdFor, settings.UnhealthyAfter, now), cancellationToken);

    public Task<VoiceProviderStatusChange?> RecordLiveRecoveryAsync(string provider, VoiceProviderKind kind, CancellationToken cancellationToken) =>
        RecordAsync(provider, kind, (row, now) => row.RecordLiveRecovery(settings.UnhealthyAfter, now), cancellationToken);

    private async Task<VoiceProviderStatusChange?> RecordAsync(string provider, VoiceProviderKind kind,
        Func<VoiceProviderHealth, DateTimeOffset, VoiceProviderStatusChange?> apply, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Detached.RunAsync(() => WriteAsync(provider, kind, apply, cancellationToken));
            }
            catch (DbUpdateException e) when (attempt == 1 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another instance created the provider's first row meanwhile: lock that one instead.
            }
        }
    }

    private async Task<VoiceProviderStatusChange?> WriteAsync(string provider, VoiceProviderKind kind,
        Func<VoiceProviderHealth, DateTimeOffset, VoiceProviderStatusChange?> apply, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ApplicationDbContext>();
        var afterCommit = services.GetRequiredService<IAfterCommit>();
        var signal = services.GetRequiredService<IEmailOutboxSignal>();
        VoiceProviderHealth? written = null;
        var change = await services.GetRequiredService<ITransactionRunner>().RunAsync(async ct =>
        {
            var row = await db.VoiceProviderHealth
                          .FromSqlInterpolated($"SELECT * FROM voice_provider_health WHERE provider = {provider} FOR UPDATE")
                          .SingleOrDefaultAsync(ct);
            if (row is null)
            {
                row = new VoiceProviderHealth(provider, kind, clock.GetUtcNow());
                db.VoiceProviderHealth.Add(row);
            }
            var changed = apply(row, clock.GetUtcNow());
            if (changed is not null && settings.AdminAlertEmail is { } to)
            {
                db.EmailMessages.Add(VoiceProviderAlerts.Email(changed, to, chains.FallbackFor(provider), Environment.MachineName, urls.BaseUrl + "/admin/voice-providers"));
                afterCommit.Enqueue(signal.Notify);
            }
            await db.SaveChangesAsync(ct);
            written = row;
            return changed;
        }, cancellationToken);
        board.Apply(written!);
        if (change is not null)
        {
            if (change.To == VoiceProviderStatus.Healthy) LogHealthy(logger, change.Provider, VoiceProviderAlerts.KindLabel(change.Kind), change.Reason);
            else LogUnhealthy(logger, change.Provider, VoiceProviderAlerts.KindLabel(change.Kind), change.Reason, chains.FallbackFor(provider) ?? "none");
        }
        return change;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voice provider {Provider} ({Kind}) is UNHEALTHY: {Reason}. Fallback: {Fallback}")]
    private static partial void LogUnhealthy(ILogger logger, string provider, string kind, string reason, string fallback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voice provider {Provider} ({Kind}) is healthy again: {Reason}")]
    private static partial void LogHealthy(ILogger logger, string provider, string kind, string reason);
}
