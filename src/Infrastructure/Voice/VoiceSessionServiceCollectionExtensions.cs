using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Application.Voice.Sessions;
using VoiceTraining.Infrastructure.Configuration;
using VoiceTraining.Infrastructure.Voice.Sessions;
using VoiceTraining.Infrastructure.Voice.Turn;
using VoiceTraining.Infrastructure.Workers.Scheduling;

namespace VoiceTraining.Infrastructure.Voice;

internal static class VoiceSessionServiceCollectionExtensions
{
    /// <summary>Platform voice sessions: the ICE servers they are offered and the watchdog that keeps them within their limits.</summary>
    public static IServiceCollection AddVoiceSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedSettings(configuration, InfrastructureSettings.Turn);
        services.AddSingleton<IIceServers, IceServers>();
        services.AddValidatedSettings(configuration, InfrastructureSettings.VoiceSessions);
        services.AddScheduledJob<VoiceSessionWatchdog>();
        return services;
    }
}
