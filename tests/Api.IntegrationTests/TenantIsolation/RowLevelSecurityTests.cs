using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Personas;
using VoiceTraining.Domain.Scenarios;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Api.IntegrationTests.TenantIsolation;

/// <summary>
/// The second wall (ADR 0017): with the EF tenant filter switched off or bypassed by raw SQL, a
/// context acting for organization A still reads and writes only A's rows, because PostgreSQL's
/// row-level security limits the tenant role to the organization in the session.
/// </summary>
public sealed class RowLevelSecurityTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private SeededOrganization A => fixture.OrgA;
    private SeededOrganization B => fixture.OrgB;

    /// <summary>Runs work in the app's own context for a signed-in caller of <paramref name="orgId"/> (null: signed in, organization not resolved).</summary>
    private async Task<T> AsCallerAsync<T>(Guid? orgId, Func<ApplicationDbContext, Task<T>> work)
    {
        var accessor = fixture.Factory.Services.GetRequiredService<IHttpContextAccessor>();
        var identity = new ClaimsIdentity(PlatformPrincipal.AuthenticationType);
        if (orgId is { } id) identity.AddClaim(new Claim(PlatformClaims.OrgId, id.ToString()));
        accessor.HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(identity) };
        try
        {
            return await fixture.WithDbAsync(work);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    private static Task<List<Guid>> RawScenarioOrgsAsync(ApplicationDbContext db) =>
        db.Database.SqlQueryRaw<Guid>("SELECT DISTINCT org_id AS \"Value\" FROM scenarios").ToListAsync();

    private static async Task<List<Guid>> RawScenarioOrgsOnTheConnectionAsync(ApplicationDbContext db)
    {
        // Straight on the context's connection, past EF's command pipeline.
        await db.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT DISTINCT org_id FROM scenarios", (NpgsqlConnection)db.Database.GetDbConnection());
        var orgs = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) orgs.Add(reader.GetGuid(0));
        return orgs;
    }

    private static Task<string> CurrentUserAsync(ApplicationDbContext db) =>
        db.Database.SqlQueryRaw<string>("SELECT current_user::text AS \"Value\"").SingleAsync();

    [Fact]
    public async Task Unfiltered_queries_for_a_caller_of_A_return_only_A_rows_although_B_has_rows()
    {
        var everyone = await fixture.WithDbAsync(db => db.Scenarios.IgnoreQueryFilters().Select(s => s.OrgId).Distinct().ToListAsync());
        everyone.Should().Contain([A.Id, B.Id], "the tables' owner (work done for no one) sees every organization");

        var (user, linq, raw, onConnection, members, organizations) = await AsCallerAsync(A.Id, async db => (
            await CurrentUserAsync(db),
            await db.Scenarios.IgnoreQueryFilters().Select(s => s.OrgId).Distinct().ToListAsync(),
            await RawScenarioOrgsAsync(db),
            await RawScenarioOrgsOnTheConnectionAsync(db),
            await db.Members.IgnoreQueryFilters().Select(m => m.OrgId).Distinct().ToListAsync(),
            await db.Organizations.Select(o => o.Id).ToListAsync()));

        user.Should().Be(TenantDatabaseRole.Role);
        linq.Should().Equal([A.Id], "IgnoreQueryFilters switches off the EF filter, not the policy");
        raw.Should().Equal([A.Id]);
        onConnection.Should().Equal([A.Id]);
        members.Should().Equal([A.Id]);
        organizations.Should().Equal([A.Id], "an organization sees its own row only");
    }

    [Fact]
    public async Task Writes_into_another_organization_are_refused_and_its_rows_are_out_of_reach()
    {
        var insert = () => AsCallerAsync(A.Id, async db =>
        {
            db.Personas.Add(new Persona(B.Id, "Planted persona", "Written for another organization.", "elevenlabs", "sarah_professional", Difficulty.Easy, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
        (await insert.Should().ThrowAsync<DbUpdateException>()).WithInnerException<PostgresException>()
            .Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege, "WITH CHECK refuses a row of another organization");

        var move = () => AsCallerAsync(A.Id, db => db.Database.ExecuteSqlAsync($"UPDATE scenarios SET org_id = {B.Id} WHERE id = {A.SecondScenarioId}"));
        (await move.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);

        var touched = await AsCallerAsync(A.Id, db => db.Database.ExecuteSqlAsync($"UPDATE scenarios SET title = 'Taken over' WHERE org_id = {B.Id}"));
        var deleted = await AsCallerAsync(A.Id, db => db.Database.ExecuteSqlAsync($"DELETE FROM scenario_attempts WHERE org_id = {B.Id}"));
        (touched, deleted).Should().Be((0, 0), "B's rows are invisible to A's session, so nothing matches");

        var bTitles = await fixture.WithDbAsync(db => db.Scenarios.IgnoreQueryFilters().Where(s => s.OrgId == B.Id).Select(s => s.Title).ToListAsync());
        bTitles.Should().NotBeEmpty().And.NotContain("Taken over");
        (await fixture.WithDbAsync(db => db.Personas.IgnoreQueryFilters().CountAsync(p => p.Name == "Planted persona"))).Should().Be(0);
    }

    [Fact]
    public async Task A_signed_in_caller_whose_organization_is_not_resolved_sees_nothing()
    {
        var (user, scenarios, organizations, members) = await AsCallerAsync(null, async db => (
            await CurrentUserAsync(db),
            await RawScenarioOrgsAsync(db),
            await db.Organizations.CountAsync(),
            await db.Members.IgnoreQueryFilters().CountAsync()));

        user.Should().Be(TenantDatabaseRole.Role, "fail closed: the tenant role with no organization set");
        (scenarios.Count, organizations, members).Should().Be((0, 0, 0));
    }

    [Fact]
    public async Task Every_table_with_an_org_id_column_has_row_level_security_and_a_policy_for_the_tenant_role()
    {
        var tables = await fixture.WithDbAsync(db => db.Database.SqlQueryRaw<TableSecurity>("""
            SELECT c.relname AS "Table", c.relrowsecurity AS "Enabled",
                   EXISTS (SELECT FROM pg_policies p WHERE p.schemaname = n.nspname AND p.tablename = c.relname
                           AND p.roles @> ARRAY['voicetraining_tenant']::name[] AND p.qual IS NOT NULL AND p.with_check IS NOT NULL) AS "HasPolicy"
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
              AND (c.relname = 'organizations' OR EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped))
            """).ToListAsync());

        tables.Select(t => t.Table).Should().Contain(["organizations", "scenarios", "members", "webhook_deliveries"]);
        tables.Where(t => !t.Enabled || !t.HasPolicy).Select(t => t.Table).Should().BeEmpty(
            "a table of tenant data needs ENABLE ROW LEVEL SECURITY and a policy for the tenant role (see the RowLevelSecurity migration)");
    }

    [Fact]
    public async Task A_switch_of_organization_while_the_connection_is_open_applies_at_once_and_survives_a_rollback()
    {
        var (before, scoped, afterRollback) = await fixture.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var before = await RawScenarioOrgsAsync(db);
            List<Guid> scoped;
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                db.ScopeToOrganization(A.Id);
                scoped = await RawScenarioOrgsAsync(db);
                await transaction.RollbackAsync();
            }
            // The rollback undid the switch made inside it; the next command makes it again.
            return (before, scoped, await RawScenarioOrgsAsync(db));
        });

        before.Should().Contain([A.Id, B.Id], "no organization yet: the owner");
        scoped.Should().Equal([A.Id]);
        afterRollback.Should().Equal([A.Id]);
    }

    [Fact]
    public async Task A_context_switching_organization_in_one_transaction_sees_each_in_turn()
    {
        // The overdue-assignment scan's shape: the owner's claim, then each organization on the same
        // context and transaction (never a second context on the connection: a pooled context would
        // keep it, ADR 0019).
        var (owner, first, second) = await fixture.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var owner = await RawScenarioOrgsAsync(db);
            db.ScopeToOrganization(B.Id);
            var first = await RawScenarioOrgsAsync(db);
            db.ScopeToOrganization(A.Id);
            var second = await RawScenarioOrgsAsync(db);
            await transaction.CommitAsync();
            return (owner, first, second);
        });

        owner.Should().Contain([A.Id, B.Id], "no organization yet: the owner");
        first.Should().Equal([B.Id]);
        second.Should().Equal([A.Id]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_back_in_the_pool_keeps_no_tenant_for_its_next_user(bool noResetOnClose)
    {
        // One pooled connection, so the second context gets the physical connection the first used.
        var connection = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString)
        {
            MaxPoolSize = 1,
            NoResetOnClose = noResetOnClose,
            ApplicationName = $"rls-pool-{noResetOnClose}",
        }.ConnectionString;
        var caller = new SettableCaller();
        await using var provider = OwnServices.For(connection, caller);

        async Task<(int Pid, string User, string Org)> SessionAsync()
        {
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var row = await db.Database.SqlQueryRaw<SessionRow>(
                "SELECT pg_backend_pid() AS \"Pid\", current_user::text AS \"User\", coalesce(current_setting('app.org_id', true), '') AS \"Org\"").SingleAsync();
            return (row.Pid, row.User, row.Org);
        }

        caller.OrgId = A.Id;
        var tenant = await SessionAsync();
        caller.OrgId = null;
        var next = await SessionAsync();

        (tenant.User, tenant.Org).Should().Be((TenantDatabaseRole.Role, A.Id.ToString()));
        next.Pid.Should().Be(tenant.Pid, "the pool of one handed out the same connection");
        (next.User, next.Org).Should().Be((new NpgsqlConnectionStringBuilder(connection).Username!, ""), "work for no one runs as the connection's own user again");
    }

    private sealed record TableSecurity(string Table, bool Enabled, bool HasPolicy);

    private sealed record SessionRow(int Pid, string User, string Org);
}
