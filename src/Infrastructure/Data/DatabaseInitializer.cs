using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceTraining.Infrastructure.Billing.Local;
using VoiceTraining.Infrastructure.Data.Seed;

namespace VoiceTraining.Infrastructure.Data;

public static partial class DatabaseInitializer
{
    /// <summary>Applies pending migrations and, when asked, seeds the demo organization.</summary>
    public static async Task InitializeAsync(IServiceProvider services, bool seedDemo, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));

        await db.Database.MigrateAsync(cancellationToken);
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        if (seedDemo && await DemoSeeder.SeedAsync(db, clock, cancellationToken))
            LogSeeded(logger, DemoSeeder.AdminEmail);
        // In local billing mode the demo's contract is a local subscription, so SIMs can be bought and assigned.
        if (seedDemo && scope.ServiceProvider.GetService<LocalPayments>() is { Enabled: true } && await DemoSeeder.AttachLocalSubscriptionAsync(db, clock, cancellationToken))
            LogLocalSubscription(logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Billing: local mode; the demo organization's plan is a local subscription, on which voice AI SIMs are sold without charge")]
    private static partial void LogLocalSubscription(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo organization (sign in as {Email} in local mode)")]
    private static partial void LogSeeded(ILogger logger, string email);
}
