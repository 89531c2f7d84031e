using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Infrastructure.Data;
using VoiceTraining.Application.Calls;
using VoiceTraining.Infrastructure.Identity;
using VoiceTraining.Infrastructure.Recordings;
using VoiceTraining.Infrastructure.Resilience;
using VoiceTraining.Infrastructure.Storage;
using VoiceTraining.Infrastructure.Vapi;

namespace VoiceTraining.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
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

        services.AddDbContext<ApplicationDbContext>(options => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history")));
        services.AddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<ApplicationDbContext>());
        services.AddScoped<AfterCommitQueue>();
        services.AddScoped<IAfterCommit>(sp => sp.GetRequiredService<AfterCommitQueue>());
        services.AddScoped<ITransactionRunner, TransactionRunner>();
        services.AddScoped<IInboundEventLedger, InboundEventLedger>();
        services.AddScoped<IRowLocks, RowLocks>();

        services.AddMemoryCache();
        services.AddScoped<ITenantDirectory, TenantDirectory>();

        // Voice calls (Vapi) and their recordings.
        var vapi = VapiSettings.FromConfiguration(configuration);
        services.AddSingleton(vapi);
        services.AddSingleton<IVoiceSettings>(vapi);
        var recordings = new RecordingOptions();
        configuration.GetSection("Recordings").Bind(recordings);
        recordings.Root = configuration["STORAGE_ROOT"] ?? configuration["Recordings:Root"] ?? recordings.Root;
        services.AddSingleton(recordings);
        services.AddSingleton<IRecordingStorage>(new FileSystemRecordingStorage(recordings.Root));
        services.AddSingleton<RecordingDownloadSignal>();
        services.AddSingleton<IRecordingDownloadSignal>(sp => sp.GetRequiredService<RecordingDownloadSignal>());
        services.AddHttpClient<RecordingDownloader>(c => c.Timeout = TimeSpan.FromMinutes(3))
            .AddHttpMessageHandler(() => new ResilienceHandler(HttpResilience.Standard(maxRetries: 2, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60))));
        if (configuration.GetValue("Workers:Enabled", true))
            services.AddHostedService<RecordingDownloadWorker>();
        return services;
    }
}
