using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Infrastructure.Data;
using VoiceTraining.Infrastructure.Identity;

namespace VoiceTraining.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = DatabaseUrl.ToConnectionString(
            configuration["DATABASE_URL"]
            ?? configuration.GetConnectionString("Default")
            ?? throw new InvalidOperationException("Set DATABASE_URL to a PostgreSQL database (make run starts a local one)."));

        services.AddDbContext<ApplicationDbContext>(options => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history")));
        services.AddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<ApplicationDbContext>());
        services.AddScoped<ITransactionRunner, TransactionRunner>();

        services.AddMemoryCache();
        services.AddScoped<ITenantDirectory, TenantDirectory>();
        return services;
    }
}
