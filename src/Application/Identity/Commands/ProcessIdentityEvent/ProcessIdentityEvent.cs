using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Integrations;

namespace VoiceTraining.Application.Identity.Commands.ProcessIdentityEvent;

/// <summary>
/// Applies an identity-provider event once: its id goes into the inbound ledger in the same
/// transaction (a concurrent duplicate waits, then finds it). An event for an organization not
/// known yet is kept and retried (<see cref="RetryPendingIdentityEvent.RetryPendingIdentityEventCommand"/>) instead of lost.
/// </summary>
public sealed record ProcessIdentityEventCommand(IdentityEvent Event) : ICommand<IdentityEventOutcome>
{
    public const string Provider = "clerk";
}

internal sealed partial class ProcessIdentityEventCommandHandler(
    IApplicationDbContext db, IInboundEventLedger ledger, IdentitySync sync, IPendingIdentityEventSignal pending, IAfterCommit afterCommit,
    IdentitySyncOptions options, TimeProvider clock, ILogger<ProcessIdentityEventCommandHandler> logger)
    : IRequestHandler<ProcessIdentityEventCommand, IdentityEventOutcome>
{
    public async Task<IdentityEventOutcome> Handle(ProcessIdentityEventCommand request, CancellationToken cancellationToken)
    {
        var e = request.Event;
        if (!IdentityEventTypes.Handled.Contains(e.Type)) return IdentityEventOutcome.Ignored;
        if (!await ledger.TryRecordAsync(ProcessIdentityEventCommand.Provider, e.Id, e.Type, cancellationToken)) return IdentityEventOutcome.Duplicate;

        var result = await sync.ApplyAsync(e, cancellationToken);
        if (result.Outcome == IdentityEventOutcome.Deferred)
        {
            LogDeferred(logger, e.Type, e.Id, result.AwaitedOrganization!);
            db.PendingIdentityEvents.Add(new PendingIdentityEvent(ProcessIdentityEventCommand.Provider, e.Id, e.Type,
                JsonSerializer.Serialize(e, IdentityEventJson.Options), result.AwaitedOrganization!, result.Reason!, clock.GetUtcNow(), options.KeepPendingFor));
        }
        else if (e.Type == IdentityEventTypes.OrganizationCreated && e.Organization is { } org)
        {
            // Events that waited for this organization are due now. A lease on one is handed back: a
            // retry running now looked before this organization existed, so its outcome is stale (it
            // writes nothing once its token is gone) and the event is tried again at once.
            var now = clock.GetUtcNow();
            await db.PendingIdentityEvents
                .Where(p => p.AwaitedOrganization == org.Id && p.Status == PendingIdentityEventStatus.Pending && p.ExpiresAt > now)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.NextAttemptAt, now).SetProperty(p => p.LeaseToken, (Guid?)null), cancellationToken);
            afterCommit.Enqueue(pending.Notify);
        }
        await db.SaveChangesAsync(cancellationToken);
        return result.Outcome;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Identity event {Type} {EventId} waits for organization {Organization}; kept for retry")]
    private static partial void LogDeferred(ILogger logger, string type, string eventId, string organization);
}

/// <summary>How pending identity events are serialized (stable, independent of the API's JSON settings).</summary>
public static class IdentityEventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

/// <summary>Settings of identity sync.</summary>
public sealed class IdentitySyncOptions
{
    /// <summary>How long an event waiting for its organization is retried before it is given up (default 7 days).</summary>
    public TimeSpan KeepPendingFor { get; set; } = TimeSpan.FromDays(7);
    /// <summary>How long a deleted member's recordings are kept (default 30 days).</summary>
    public TimeSpan DeletedMemberRecordingRetention { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>Wakes the worker that retries pending identity events.</summary>
public interface IPendingIdentityEventSignal
{
    void Notify();
}
