using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Infrastructure.Data;
using VoiceTraining.Application.Calls;
using VoiceTraining.Infrastructure.Identity;
using VoiceTraining.Infrastructure.Identity.Clerk;
using VoiceTraining.Infrastructure.Email.Inbound;
using VoiceTraining.Application.Identity;
using VoiceTraining.Application.Identity.Commands.ProcessIdentityEvent;
using VoiceTraining.Application.Attempts.Comments;
using VoiceTraining.Application.ProviderWebhooks;
using VoiceTraining.Infrastructure.Recordings;
using VoiceTraining.Infrastructure.Storage;
using VoiceTraining.Infrastructure.Vapi;
using VoiceTraining.Infrastructure.Voice;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;
using VoiceTraining.Application.Billing;
using VoiceTraining.Infrastructure.Billing.Local;
using VoiceTraining.Infrastructure.Billing.StripeBilling;
using VoiceTraining.Infrastructure.Assignments;
using VoiceTraining.Infrastructure.Email;
using VoiceTraining.Infrastructure.Security;
using VoiceTraining.Infrastructure.Webhooks.Outbound;
using VoiceTraining.Infrastructure.Workers.Scheduling;
using VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;
using VoiceTraining.Application.Attempts.Comments.Commands.AddEmailReply;
using VoiceTraining.Infrastructure.Configuration;

namespace VoiceTraining.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Infrastructure's services; <paramref name="environment"/> decides what must be configured (outside Development, email needs a provider or an explicit local mode).</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var connectionString = DatabaseUrl.ToConnectionString(
            configuration["DATABASE_URL"]
            ?? configuration.GetConnectionString("Default")
            ?? throw new InvalidOperationException("Set DATABASE_URL to a PostgreSQL database (make run starts a local one)."));

        // Prepared statements for the hot queries (PostgreSQL then skips parsing and planning them),
        // unless the URL says otherwise (e.g. Max Auto Prepare=0 behind an old transaction-mode pooler).
        var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) npgsql.MaxAutoPrepare = 50;
        connectionString = npgsql.ConnectionString;

        // Requests run as the tenant role for the caller's organization: row-level security is the second wall (ADR 0017).
        var tenantSession = TenantSessionInterceptor.For(connectionString);
        // Contexts come from a pool (ADR 0019): building one resolves EF's services and its options
        // anew, a tenth of a list request's CPU. Each scope leases one and binds it to its caller.
        services.AddPooledDbContextFactory<ApplicationDbContext>(options => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .AddInterceptors(tenantSession));
        services.AddScoped<ScopedContextLease>();
        services.AddScoped(sp => sp.GetRequiredService<ScopedContextLease>().Context);
        services.AddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<ApplicationDbContext>());
        services.AddScoped<AfterCommitQueue>();
        services.AddScoped<IAfterCommit>(sp => sp.GetRequiredService<AfterCommitQueue>());
        services.AddScoped<ITransactionRunner, TransactionRunner>();
        services.AddScoped<IConnectionScope, ConnectionScope>();
        services.AddScoped<IInboundEventLedger, InboundEventLedger>();
        services.AddScoped<IRowLocks, RowLocks>();

        services.AddMemoryCache();
        services.AddScoped<ITenantDirectory, TenantDirectory>();

        // Voice calls (Vapi) and their recordings.
        services.AddValidatedSettings(configuration, InfrastructureSettings.Vapi);
        services.AddSingleton<IVoiceSettings>(sp => sp.GetRequiredService<VapiSettings>());
        services.AddValidatedSettings(configuration, InfrastructureSettings.Recordings);
        services.AddSingleton<IRecordingStorage>(sp => new FileSystemRecordingStorage(sp.GetRequiredService<RecordingOptions>().Root));
        services.AddSingleton<RecordingDownloadSignal>();
        services.AddSingleton<IRecordingDownloadSignal>(sp => sp.GetRequiredService<RecordingDownloadSignal>());
        services.AddSingleton(sp => new RecordingUrlPolicy(sp.GetRequiredService<RecordingOptions>(), sp.GetRequiredService<IHostResolver>()));
        // The URL comes from a webhook: connections only to addresses the SSRF guard vetted at connect
        // time, no redirects followed by the handler (the downloader checks and follows each), no proxy.
        services.AddHttpClient<RecordingDownloader>(c => c.Timeout = TimeSpan.FromMinutes(3))
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedConnection.CreateHandler(sp.GetRequiredService<RecordingUrlPolicy>().Guard))
            .AddResilienceHandler(RecordingDownloader.ResiliencePipelineName, RecordingDownloader.ConfigureResilience);
        services.AddSingleton<RecordingDownloadJob>();
        // Whether this instance runs the background workers decides what is registered, so it is read here.
        var workers = configuration.GetValue("Workers:Enabled", true);
        if (workers)
            services.AddHostedService(sp => sp.GetRequiredService<RecordingDownloadJob>().CreateWorker(sp.GetRequiredService<ILoggerFactory>()));

        AddWebhooks(services, configuration, connectionString, workers);
        services.AddEmail(configuration, environment, workers);
        Voice.Providers.VoiceProviderServiceCollectionExtensions.AddVoiceProviders(services, configuration, environment);
        AddIdentitySync(services, configuration, workers);
        services.AddVoiceSessions(configuration);
        services.AddScheduledJobs(workers);

        // Feature flags and live updates: every instance listens (it serves browsers' streams), workers or not.
        services.AddValidatedSettings(configuration, InfrastructureSettings.Flags);
        services.AddScoped<ILiveUpdates, Live.PostgresLiveUpdates>();
        services.AddSingleton<Live.LiveUpdateHub>();
        services.AddSingleton<ILiveUpdateStreams>(sp => sp.GetRequiredService<Live.LiveUpdateHub>());
        services.AddSingleton<Live.LiveUpdateListener>();
        services.AddHostedService(sp => sp.GetRequiredService<Live.LiveUpdateListener>());

        // Billing: the plan catalogue, Stripe (when keys are set), and the past-due grace period.
        // Local mode (Development without a secret key): a stand-in that sells voice AI SIMs and charges nothing.
        var stripe = new StripeSettings();
        StripeSettings.ReadEnvironment(stripe, configuration);
        var localPayments = new LocalPayments(environment.IsDevelopment() && !stripe.IsConfigured);
        services.AddSingleton(localPayments);
        services.AddStripeBilling(configuration, local: localPayments);
        if (localPayments.Enabled) services.AddScoped<IPaymentProvider, LocalPaymentProvider>();
        else services.AddSingleton<IPaymentProvider, StripePaymentProvider>();
        services.AddValidatedSettings(configuration, InfrastructureSettings.Billing);
        return services;
    }

    /// <summary>Identity sync from Clerk's webhooks, its retry of events that wait for an organization, and deleted members' data.</summary>
    private static void AddIdentitySync(IServiceCollection services, IConfiguration configuration, bool workers)
    {
        services.AddValidatedSettings(configuration, InfrastructureSettings.IdentitySync);
        services.AddValidatedSettings(configuration, InfrastructureSettings.IdentityWorker);
        services.AddScoped<Application.Identity.Commands.RetryPendingIdentityEvent.IPendingIdentityEventQueue, PendingIdentityEventQueue>();
        services.AddSingleton<PendingIdentityEventSignal>();
        services.AddSingleton<IPendingIdentityEventSignal>(sp => sp.GetRequiredService<PendingIdentityEventSignal>());
        services.AddSingleton<PendingIdentityEventJob>();
        services.AddScheduledJob<DeletedMemberRecordingPurge>();
        services.AddValidatedSettings(configuration, InfrastructureSettings.InboundWebhooks);
        services.AddSingleton(sp => new ClerkWebhookVerifier(sp.GetRequiredService<InboundWebhookSettings>().ClerkWebhookSecret, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IInboundWebhook<ProcessIdentityEventCommand, IdentityEventOutcome>, ClerkInboundWebhook>();
        if (workers)
            services.AddHostedService(sp => sp.GetRequiredService<PendingIdentityEventJob>().CreateWorker(sp.GetRequiredService<ILoggerFactory>()));

        // Inbound email: replies to feedback emails, forwarded by a Mailgun route.
        services.AddSingleton(sp => new MailgunWebhookVerifier(sp.GetRequiredService<InboundWebhookSettings>().MailgunWebhookSigningKey, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IInboundWebhook<AddEmailReplyCommand, EmailReplyOutcome>, MailgunInboundWebhook>();
        // The reply addresses it reads (IAttemptReplyAddresses) are email's: see AddEmail.
    }

    /// <summary>Outbound webhooks, API keys, and the Data Protection key ring (in PostgreSQL) that encrypts endpoint secrets.</summary>
    private static void AddWebhooks(IServiceCollection services, IConfiguration configuration, string connectionString, bool workers)
    {
        services.AddDataProtection().SetApplicationName("VoiceTraining");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = new PostgresXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));
        services.AddSingleton<IWebhookSecrets, WebhookSecrets>();
        services.AddSingleton<IApiKeyGenerator, ApiKeyGenerator>();
        services.AddSingleton<IApiKeyAuthenticator, ApiKeyAuthenticator>();
        services.AddSingleton<IPublicUrls>(new PublicUrls(
            configuration["NEXT_PUBLIC_APP_URL"] ?? configuration["App:PublicUrl"] ?? "http://localhost:8080"));

        services.AddValidatedSettings(configuration, InfrastructureSettings.Webhooks);
        services.AddSingleton(sp => new WebhookNetworkOptions { AllowPrivateNetworks = sp.GetRequiredService<WebhookOptions>().AllowPrivateNetworks });
        services.AddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<WebhookUrlGuard>();
        services.AddSingleton<IWebhookUrlPolicy, WebhookUrlPolicy>();
        // One client for every endpoint: connections are pooled per host, redirects never followed,
        // and every connection goes to an address the guard vetted at connect time.
        services.AddSingleton(sp => new WebhookHttpSender(
            new HttpClient(GuardedConnection.CreateHandler(sp.GetRequiredService<WebhookUrlGuard>())) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<WebhookUrlGuard>(), sp.GetRequiredService<WebhookOptions>(), sp.GetRequiredService<TimeProvider>()));

        // Delivery reads and writes its queue with plain Npgsql (batched), outside EF. It is a job of the
        // background engine: the fair claim, the attempt and batched settling, run by a queue worker.
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<WebhookDeliverySignal>();
        services.AddSingleton<WebhookDeliveryClaims>();
        services.AddSingleton<WebhookDeliveryJob>();
        services.AddSingleton<IWebhookDispatcher, WebhookDispatcher>();
        services.AddScheduledJob<OverdueAssignmentScanner>();
        if (workers)
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<Workers.Queues.QueueWorker<ClaimedDelivery, DeliveryOutcome>>(sp,
                sp.GetRequiredService<WebhookDeliveryClaims>(), sp.GetRequiredService<WebhookDeliveryJob>(),
                sp.GetRequiredService<WebhookDeliverySignal>(), WebhookDeliveryJob.WorkerOptions(sp.GetRequiredService<WebhookOptions>())));
    }
}
