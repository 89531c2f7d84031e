using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Api.IntegrationTests.Performance;

/// <summary>
/// How many pooled connections and statements a request costs, counted rather than timed: a cheap
/// regression check that cannot flake on a busy machine (the speed itself is measured by
/// bench/run.sh). The budgets are today's counts; a change that adds a round trip to these paths
/// fails here and must say why.
/// </summary>
public sealed class DatabaseRoundTripTests(DatabaseRoundTripTests.CountingFixture fixture) : IClassFixture<DatabaseRoundTripTests.CountingFixture>
{
    public sealed class CountingFixture : ApiFixture
    {
        public RoundTripCounter Counter { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) =>
            services.ConfigureDbContext<ApplicationDbContext>(o => o.AddInterceptors(Counter));
    }

    [Theory]
    // Connections: one per use case (ConnectionBehaviour); each also runs the tenant session's one
    // statement (ADR 0017), not counted here. Statements: the page and its total.
    [InlineData("/api/scenarios?pageSize=50", 1, 2)]
    [InlineData("/api/attempts?pageSize=50", 1, 2)]
    public async Task A_list_request_takes_one_connection_and_a_fixed_number_of_statements(string url, int connections, int statements)
    {
        var client = fixture.ClientFor(fixture.OrgA.Manager);
        // The first request fills the caches (signing keys, the tenant lookup) that later requests skip.
        (await client.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.OK);

        var before = fixture.Counter.Snapshot();
        using var response = await client.GetAsync(url);
        var used = fixture.Counter.Snapshot() - before;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        used.Connections.Should().BeLessThanOrEqualTo(connections, $"{url} took {used.Connections} pooled connections");
        used.Statements.Should().BeLessThanOrEqualTo(statements, $"{url} ran {used.Statements} statements: {string.Join(" | ", used.Texts)}");
    }
}

/// <summary>Counts the context's connection acquisitions and the commands EF sends on them.</summary>
public sealed class RoundTripCounter : IDbConnectionInterceptor, IDbCommandInterceptor
{
    private readonly object _gate = new();
    private int _connections;
    private readonly List<string> _texts = [];

    public readonly record struct Counts(int Connections, int Statements, IReadOnlyList<string> Texts)
    {
        public static Counts operator -(Counts after, Counts before) =>
            new(after.Connections - before.Connections, after.Statements - before.Statements, after.Texts.Skip(before.Statements).ToList());
    }

    public Counts Snapshot()
    {
        lock (_gate) return new(_connections, _texts.Count, _texts.ToList());
    }

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Count();

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Count();
        return Task.CompletedTask;
    }

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) => Record(command, result);

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => Record(command, result);

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => Record(command, result);

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    private void Count()
    {
        lock (_gate) _connections++;
    }

    private T Record<T>(DbCommand command, T result)
    {
        lock (_gate) _texts.Add(command.CommandText.Length <= 80 ? command.CommandText : command.CommandText[..80]);
        return result;
    }
}
