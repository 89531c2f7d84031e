using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Schema;

/// <summary>
/// The RowLevelSecurity migration down to the previous one (policies gone, the tenant role without
/// rights, the role itself kept: it is the cluster's) and up again (on this class's own database),
/// where the tenant role is limited to its organization once more.
/// </summary>
public sealed class RowLevelSecurityMigrationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string Previous = "20261201221606_RecordingDownloadsPendingIdentityLeasesNoOutbox";

    private Task MigrateAsync(string? target = null) =>
        fixture.WithDbAsync(db => db.GetService<IMigrator>().MigrateAsync(target));

    private Task<SecurityState> StateAsync() => fixture.WithDbAsync(db => db.Database.SqlQueryRaw<SecurityState>("""
        SELECT (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relrowsecurity) AS "SecuredTables",
               (SELECT count(*)::int FROM pg_policies WHERE schemaname = current_schema()) AS "Policies",
               EXISTS (SELECT FROM pg_roles WHERE rolname = 'voicetraining_tenant') AS "RoleExists",
               has_table_privilege('voicetraining_tenant', 'scenarios', 'SELECT') AS "TenantCanRead"
        """).SingleAsync());

    /// <summary>Scenario organizations seen as the tenant role for A, set by hand as the app's session hook would.</summary>
    private Task<List<Guid>> TenantReadsAsync(Guid orgId) => fixture.WithDbAsync(async db =>
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"SELECT set_config('role', 'voicetraining_tenant', true), set_config('app.org_id', {orgId.ToString()}, true)");
        var orgs = await db.Database.SqlQueryRaw<Guid>("SELECT DISTINCT org_id AS \"Value\" FROM scenarios").ToListAsync();
        await transaction.RollbackAsync();
        return orgs;
    });

    [Fact]
    public async Task Down_removes_the_policies_and_the_rights_and_up_restores_them()
    {
        var a = fixture.OrgA;
        var migrated = await StateAsync();
        migrated.Should().Be(new SecurityState(RowLevelSecurityTables, RowLevelSecurityTables, true, true));
        (await TenantReadsAsync(a.Id)).Should().Equal([a.Id]);

        await MigrateAsync(Previous);
        (await StateAsync()).Should().Be(new SecurityState(0, 0, true, false), "the role outlives the migration: other databases of the cluster may use it");
        var read = () => TenantReadsAsync(a.Id);
        (await read.Should().ThrowAsync<Npgsql.PostgresException>()).Which.SqlState.Should().Be(Npgsql.PostgresErrorCodes.InsufficientPrivilege);

        await MigrateAsync();
        (await StateAsync()).Should().Be(migrated);
        (await TenantReadsAsync(a.Id)).Should().Equal([a.Id]);
    }

    // The tables with org_id plus organizations, and those of later migrations.
    private static readonly int RowLevelSecurityTables = VoiceTraining.Infrastructure.Data.Migrations.RowLevelSecurity.TenantTables.Length + 1
        + VoiceTraining.Infrastructure.Data.Migrations.FeatureFlagsVoiceSessionsAndSims.TenantTables.Length
        + VoiceTraining.Infrastructure.Data.Migrations.FeatureFlagsVoiceSessionsAndSims.TenantOrGlobalTables.Length;

    private sealed record SecurityState(int SecuredTables, int Policies, bool RoleExists, bool TenantCanRead);
}
