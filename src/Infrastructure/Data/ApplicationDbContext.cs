using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Common;
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

namespace VoiceTraining.Infrastructure.Data;

/// <remarks>
/// Pooled (ADR 0019): a scope leases a context from the pool through <see cref="ScopedContextLease"/>,
/// which binds it to the scope's caller and services and alone gives it back, once, when the scope
/// ends. Nothing else of a request may live in its fields.
/// </remarks>
public sealed class ApplicationDbContext(DbContextOptions<ApplicationDbContext> options)
    : DbContext(options), IApplicationDbContext
{
    private ICurrentUser _currentUser = NoCaller.Instance;
    private IServiceProvider? _services;
    // The lease that holds this context, while one does.
    private ScopedContextLease? _holder;

    /// <summary>Binds a context fresh from the pool to the scope that uses it: its caller, and the services its reactions come from.</summary>
    internal ApplicationDbContext Lease(ScopedContextLease holder, ICurrentUser currentUser, IServiceProvider services)
    {
        _holder = holder;
        _currentUser = currentUser;
        _services = services;
        _scopedOrgId = null;
        return this;
    }

    /// <summary>Unbinds the context from <paramref name="holder"/>, if that lease still holds it; its next disposal then gives it back to the pool.</summary>
    internal bool Release(ScopedContextLease holder)
    {
        if (!ReferenceEquals(_holder, holder)) return false;
        Unbind();
        return true;
    }

    // The container disposes a scope's context once for each registration it was resolved through
    // (the class and IApplicationDbContext); a later call could reach the context after the pool had
    // leased it to another request. While a lease holds it, only the lease gives it back.
    public override void Dispose()
    {
        if (_holder is null) base.Dispose();
    }

    public override ValueTask DisposeAsync() => _holder is null ? base.DisposeAsync() : default;

    private void Unbind()
    {
        _holder = null;
        _currentUser = NoCaller.Instance;
        _services = null;
        _scopedOrgId = null;
    }

    /// <summary>
    /// The organization every tenant-owned query is filtered to. With no caller (no org) it is
    /// Guid.Empty, which matches nothing: isolation fails closed.
    /// </summary>
    internal Guid TenantId => _currentUser.OrgId ?? _scopedOrgId ?? Guid.Empty;

    private Guid? _scopedOrgId;

    public void ScopeToOrganization(Guid orgId) => _scopedOrgId = orgId;

    /// <summary>
    /// What the connection acts as (ADR 0017): the tenant role for <see cref="TenantId"/>; the tenant
    /// role with no organization (sees nothing) for a signed-in caller whose organization was not
    /// resolved; null, the connection's own user (the tables' owner, bypassing row-level security),
    /// for work done for no one: provider webhooks, workers before they scope, seeding, the lookup
    /// that resolves the caller.
    /// </summary>
    internal Guid? SessionTenant => TenantId != Guid.Empty ? TenantId : _currentUser.IsAuthenticated ? Guid.Empty : null;

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<Persona> Personas => Set<Persona>();
    public DbSet<Scenario> Scenarios => Set<Scenario>();
    public DbSet<Track> Tracks => Set<Track>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<Attempt> Attempts => Set<Attempt>();
    public DbSet<RecordingDownload> RecordingDownloads => Set<RecordingDownload>();
    public DbSet<VoiceUsageRecord> VoiceUsageRecords => Set<VoiceUsageRecord>();
    public DbSet<ProcessedInboundEvent> ProcessedInboundEvents => Set<ProcessedInboundEvent>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookMessage> WebhookMessages => Set<WebhookMessage>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookDeliveryAttempt> WebhookDeliveryAttempts => Set<WebhookDeliveryAttempt>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<PaymentOrder> PaymentOrders => Set<PaymentOrder>();
    public DbSet<EmailMessage> EmailMessages => Set<EmailMessage>();
    public DbSet<EmailPreferences> EmailPreferences => Set<EmailPreferences>();
    public DbSet<AttemptComment> AttemptComments => Set<AttemptComment>();
    public DbSet<PendingIdentityEvent> PendingIdentityEvents => Set<PendingIdentityEvent>();
    public DbSet<FeatureFlagSetting> FeatureFlagSettings => Set<FeatureFlagSetting>();
    public DbSet<FeatureFlagChange> FeatureFlagChanges => Set<FeatureFlagChange>();
    public DbSet<UserVoiceAddOn> UserVoiceAddOns => Set<UserVoiceAddOn>();
    public DbSet<VoiceSettings> VoiceSettings => Set<VoiceSettings>();
    public DbSet<VoiceSession> VoiceSessions => Set<VoiceSession>();
    /// <summary>Not on <see cref="IApplicationDbContext"/>: the speech providers' shared health, written by Infrastructure alone.</summary>
    public DbSet<VoiceProviderHealth> VoiceProviderHealth => Set<VoiceProviderHealth>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Workers.Scheduling.JobSchedule> JobSchedules => Set<Workers.Scheduling.JobSchedule>();

    /// <remarks>
    /// <c>DbSet.Local</c> runs DetectChanges on every access. Rows are added through their sets, never
    /// through navigations, so the tracked rows are all there without it; skipping it matters because
    /// the reactions look rows up a dozen times per save (docs/benchmarks.md, ingestion).
    /// </remarks>
    public T? FirstTrackedOrNull<T>(Func<T, bool> match) where T : class =>
        WithoutDetectingChanges(() => Set<T>().Local.FirstOrDefault(match));

    /// <summary>Reads the change tracker without the full DetectChanges pass each read would start (see <see cref="FirstTrackedOrNull{T}"/>).</summary>
    private TResult WithoutDetectingChanges<TResult>(Func<TResult> read)
    {
        var detecting = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return read();
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    /// <summary>
    /// Domain events raised by tracked entities are handed to the Application's reactions, whose
    /// rows (webhook messages and their deliveries, emails) are saved in the same transaction as the
    /// change. The wake-ups the reactions return run once the rows are committed.
    /// </summary>
    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        var afterCommit = new List<Action>();
        // Reacting can raise further events (rarely), so drain until none are left.
        for (var round = 0; round < 3; round++)
        {
            // An entity that raised an event is tracked already (loaded, or added through its set), so
            // finding it needs no DetectChanges; base.SaveChangesAsync runs the one pass the save needs.
            var raisers = WithoutDetectingChanges(() =>
                ChangeTracker.Entries<IHasDomainEvents>().Select(e => e.Entity).Where(e => e.DomainEvents.Count > 0).ToList());
            if (raisers.Count == 0) break;
            var events = new List<DomainEvent>();
            foreach (var raiser in raisers)
            {
                events.AddRange(raiser.DomainEvents);
                raiser.ClearDomainEvents();
            }
            // Resolved per save, not per lease: most requests never save.
            foreach (var reaction in _services?.GetServices<IDomainEventReaction>() ?? [])
            {
                if (await reaction.ReactAsync(this, events, cancellationToken) is { } wake && !afterCommit.Contains(wake)) afterCommit.Add(wake);
            }
        }
        var written = await base.SaveChangesAsync(cancellationToken);
        if (afterCommit.Count > 0)
        {
            // Resolved here, not injected: the after-commit queue itself depends on this context.
            var queue = (_services ?? throw new InvalidOperationException("Reactions that wake workers need the context from the service container."))
                .GetRequiredService<IAfterCommit>();
            foreach (var wake in afterCommit) queue.Enqueue(wake);
        }
        return written;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as readable text: robust to reordering and legible in SQL.
        configurationBuilder.Properties<MemberRole>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<MemberStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Difficulty>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ScenarioStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<AssignmentStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<AttemptStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<SubscriptionStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<RecordingStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<RecordingDownloadStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<PendingIdentityEventStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<WebhookDeliveryStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<WebhookEndpointSource>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<InvoiceStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<PaymentOrderStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<EmailStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<EmailCategory>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<DigestFrequency>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<CommentSource>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<FlagScope>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<VoiceSessionStatus>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ApplicationDbContext).Assembly);
        modelBuilder.Ignore<DomainEvent>();
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(t => typeof(IHasDomainEvents).IsAssignableFrom(t.ClrType)).ToList())
            modelBuilder.Entity(entityType.ClrType).Ignore(nameof(IHasDomainEvents.DomainEvents));

        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            // Ids are made by the entities (UUIDv7), never by the database: an entity reached through a
            // navigation with its id already set is new, not an existing row.
            if (entityType.FindPrimaryKey() is { Properties: [{ ClrType: var keyType } key] } && keyType == typeof(Guid))
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;

            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType) && !entityType.IsOwned())
                modelBuilder.Entity(entityType.ClrType).HasQueryFilter(TenantFilter(entityType.ClrType));
        }

        SnakeCaseNames.Apply(modelBuilder);
    }

    /// <summary>Builds <c>e => e.OrgId == this.TenantId</c>; referencing the context keeps it a per-query parameter.</summary>
    private LambdaExpression TenantFilter(Type type)
    {
        var e = Expression.Parameter(type, "e");
        var orgId = Expression.Property(e, nameof(ITenantOwned.OrgId));
        var tenant = Expression.Property(Expression.Constant(this), nameof(TenantId));
        return Expression.Lambda(Expression.Equal(orgId, tenant), e);
    }

    /// <summary>The caller of a context bound to no request (design time, between leases): no one, so tenant data is invisible.</summary>
    internal sealed class NoCaller : ICurrentUser
    {
        public static readonly NoCaller Instance = new();
        public Guid? OrgId => null;
        public Guid? MemberId => null;
        public MemberRole? Role => null;
        public bool IsAuthenticated => false;
    }
}
