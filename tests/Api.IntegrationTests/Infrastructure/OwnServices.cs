using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Members;
using VoiceTraining.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>
/// The app's own Infrastructure registrations on a connection string of the test's choosing, with
/// pools of their own (EF Core's contexts, Npgsql's connections) that start empty: for tests that
/// watch what the pools hand out.
/// </summary>
internal static class OwnServices
{
    public static ServiceProvider For(string connectionString, ICurrentUser caller)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(caller);
        services.AddSingleton(TimeProvider.System);
        services.AddInfrastructure(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DATABASE_URL"] = connectionString,
                ["Workers:Enabled"] = "false",
            }).Build(),
            new HostingEnvironment { EnvironmentName = Environments.Development });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}

/// <summary>A caller whose organization the test sets (null: no one signed in, the tables' owner).</summary>
internal sealed class SettableCaller : ICurrentUser
{
    public Guid? OrgId { get; set; }
    public Guid? MemberId => null;
    public MemberRole? Role => null;
    public bool IsAuthenticated => OrgId is not null;
}
