using Microsoft.EntityFrameworkCore;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Personas;
using VoiceTraining.Domain.Scenarios;
using VoiceTraining.Domain.Tracks;
using VoiceTraining.Domain.Integrations;
using VoiceTraining.Domain.Usage;
using VoiceTraining.Domain.Webhooks;
using VoiceTraining.Domain.Billing;
using VoiceTraining.Domain.Email;
using VoiceTraining.Domain.Flags;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Common.Interfaces;

/// <summary>
/// The application's view of the database. Tenant-owned sets are already filtered to the
/// caller's organization; use <c>IgnoreQueryFilters()</c> only where a use case is explicitly cross-tenant.
/// </summary>
public interface IApplicationDbContext
{
    DbSet<Organization> Organizations { get; }
    DbSet<Member> Members { get; }
    DbSet<Persona> Personas { get; }
    DbSet<Scenario> Scenarios { get; }
    DbSet<Track> Tracks { get; }
    DbSet<Assignment> Assignments { get; }
    DbSet<Attempt> Attempts { get; }
    DbSet<RecordingDownload> RecordingDownloads { get; }
    DbSet<VoiceUsageRecord> VoiceUsageRecords { get; }
    DbSet<ProcessedInboundEvent> ProcessedInboundEvents { get; }
    DbSet<WebhookEndpoint> WebhookEndpoints { get; }
    DbSet<WebhookMessage> WebhookMessages { get; }
    DbSet<WebhookDelivery> WebhookDeliveries { get; }
    DbSet<WebhookDeliveryAttempt> WebhookDeliveryAttempts { get; }
    DbSet<ApiKey> ApiKeys { get; }
    DbSet<Invoice> Invoices { get; }
    DbSet<PaymentOrder> PaymentOrders { get; }
    DbSet<EmailMessage> EmailMessages { get; }
    DbSet<EmailPreferences> EmailPreferences { get; }
    DbSet<AttemptComment> AttemptComments { get; }
    DbSet<PendingIdentityEvent> PendingIdentityEvents { get; }
    /// <summary>Not tenant-filtered: global settings belong to no organization; filter by scope yourself.</summary>
    DbSet<FeatureFlagSetting> FeatureFlagSettings { get; }
    /// <summary>Not tenant-filtered, as <see cref="FeatureFlagSettings"/>.</summary>
    DbSet<FeatureFlagChange> FeatureFlagChanges { get; }
    DbSet<UserVoiceAddOn> UserVoiceAddOns { get; }
    /// <summary>Not tenant-filtered: the global default row has no organization.</summary>
    DbSet<VoiceSettings> VoiceSettings { get; }
    DbSet<VoiceSession> VoiceSessions { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The first row of this type the context tracks (created or loaded in this unit of work) that
    /// matches, else null. Unlike <c>DbSet.Local</c> it does not first compare every tracked value
    /// with its snapshot, so code inside a SaveChanges (the reactions) can look up often and cheaply.
    /// </summary>
    T? FirstTrackedOrNull<T>(Func<T, bool> match) where T : class;

    /// <summary>
    /// For work without a signed-in caller (provider webhooks, background jobs): filters tenant-owned
    /// sets to this organization for the rest of the scope. A caller's own organization always wins.
    /// </summary>
    void ScopeToOrganization(Guid orgId);
}

/// <summary>Work to run once the current transaction has committed (wake a worker, …).</summary>
public interface IAfterCommit
{
    void Enqueue(Action action);
}

/// <summary>
/// Runs a use case's database work on one connection, opened once and given back when the work ends:
/// its queries do not each take a connection from the pool (with its reset) and set it up again.
/// </summary>
public interface IConnectionScope
{
    Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken);
}

/// <summary>Runs work in one database transaction (commit on success, rollback on exception).</summary>
public interface ITransactionRunner
{
    Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}
