using Microsoft.Extensions.DependencyInjection;

namespace VoiceTraining.Infrastructure.Workers.Scheduling;

internal static class ScheduledJobServiceCollectionExtensions
{
    /// <summary>Registers a scheduled job (as itself, so it can also be run directly, and as an <see cref="IScheduledJob"/>).</summary>
    public static IServiceCollection AddScheduledJob<TJob>(this IServiceCollection services) where TJob : class, IScheduledJob
    {
        services.AddSingleton<TJob>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<TJob>());
        return services;
    }

    /// <summary>The schedule store, and the host that runs the registered jobs when this instance runs workers.</summary>
    public static IServiceCollection AddScheduledJobs(this IServiceCollection services, bool workers)
    {
        services.AddSingleton<JobSchedules>();
        if (workers) services.AddHostedService<ScheduledJobHost>();
        return services;
    }
}
