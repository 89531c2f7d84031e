using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
        if (seedDemo && await DemoSeeder.SeedAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), cancellationToken))
            LogSeeded(logger, DemoSeeder.AdminEmail);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo organization (sign in as {Email} in local mode)")]
    private static partial void LogSeeded(ILogger logger, string email);
}
