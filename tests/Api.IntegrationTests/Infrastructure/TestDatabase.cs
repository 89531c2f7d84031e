using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Members;
using VoiceTraining.Infrastructure;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>
/// A private PostgreSQL database for one test class, copied from a template that the app's own
/// migrations built once per test run (CREATE DATABASE … TEMPLATE is a file copy: fast).
/// The server comes from DATABASE_URL; the databases are created beside the one it names.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private const string Prefix = "vt_it_";
    private static readonly string RunId = DateTime.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
    private static readonly string TemplateName = $"{Prefix}tpl_{RunId}";
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static readonly Lazy<Task> Template = new(CreateTemplateAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _exitHookInstalled;

    private TestDatabase(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>A keyword connection string to this database (what DATABASE_URL is set to for the app).</summary>
    public string ConnectionString { get; }

    /// <summary>The server named by DATABASE_URL, as a keyword connection string.</summary>
    public static string ServerConnectionString
    {
        get
        {
            var url = Environment.GetEnvironmentVariable("DATABASE_URL");
            if (string.IsNullOrWhiteSpace(url))
                throw new InvalidOperationException(
                    "DATABASE_URL is not set. The integration tests need a PostgreSQL server: run `make test`, or "
                    + "`bash scripts/pg.sh start && export DATABASE_URL=$(bash scripts/pg.sh url)` before `dotnet test`.");
            return DatabaseUrl.ToConnectionString(url);
        }
    }

    /// <summary>Creates a fresh, migrated database for a test class.</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        await Template.Value;
        var name = $"{Prefix}{RunId}_{Guid.NewGuid().ToString("N")[..12]}";
        await CreateLock.WaitAsync();
        try
        {
            await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{TemplateName}\"");
        }
        finally
        {
            CreateLock.Release();
        }
        return new TestDatabase(name);
    }

    /// <summary>Drops the database; FORCE ends the connections the app's pool still holds.</summary>
    public async ValueTask DisposeAsync() =>
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");

    private static async Task CreateTemplateAsync()
    {
        await DropLeftoversAsync();
        await ExecuteOnServerAsync($"CREATE DATABASE \"{TemplateName}\"");
        InstallExitHook();

        // The app's own initializer and DbContext registration, so the template is exactly what the app migrates to.
        // No pooling: a template database must have no open connections when it is copied.
        var connectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = TemplateName, Pooling = false }.ConnectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = connectionString,
            ["Workers:Enabled"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<ICurrentUser, NoCaller>();
        services.AddSingleton(TimeProvider.System);
        services.AddInfrastructure(configuration, new HostingEnvironment { EnvironmentName = Environments.Development });
        await using var provider = services.BuildServiceProvider();
        await DatabaseInitializer.InitializeAsync(provider, seedDemo: false);
    }

    /// <summary>Databases of runs that ended without cleaning up (killed, crashed) and are older than an hour.</summary>
    private static async Task DropLeftoversAsync()
    {
        var cutoff = DateTime.UtcNow.AddHours(-1).ToString("yyMMddHHmmss", CultureInfo.InvariantCulture);
        var stale = new List<string>();
        await using (var connection = new NpgsqlConnection(AdminConnectionString()))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'vt\\_it\\_%'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var name = reader.GetString(0);
                var stamp = name.StartsWith(Prefix + "tpl_", StringComparison.Ordinal) ? name[(Prefix.Length + 4)..] : name[Prefix.Length..];
                if (stamp.Length >= 12 && string.CompareOrdinal(stamp[..12], cutoff) < 0) stale.Add(name);
            }
        }
        foreach (var name in stale) await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static void InstallExitHook()
    {
        if (Interlocked.Exchange(ref _exitHookInstalled, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{TemplateName}\" WITH (FORCE)").GetAwaiter().GetResult();
            }
            catch (NpgsqlException)
            {
                // Best effort: the next run drops leftovers older than an hour.
            }
        };
    }

    private static string AdminConnectionString() =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>No signed-in caller: what the app's context sees outside a request.</summary>
    private sealed class NoCaller : ICurrentUser
    {
        public Guid? OrgId => null;
        public Guid? MemberId => null;
        public MemberRole? Role => null;
        public bool IsAuthenticated => false;
    }
}
