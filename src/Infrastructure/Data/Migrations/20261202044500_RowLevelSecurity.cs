using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceTraining.Infrastructure.Data.Migrations
{
    /// <summary>
    /// Row-level security as a second wall between tenants (ADR 0017): the NOLOGIN role
    /// voicetraining_tenant with the rights to read and write the tables, and on every table of
    /// tenant data a policy letting that role see and write only the rows of the organization in
    /// the session setting app.org_id (none when it is unset). The tables' owner and superusers
    /// bypass the policies: the app switches to the role for work done for an organization.
    /// </summary>
    public partial class RowLevelSecurity : Migration
    {
        /// <summary>Every table with an org_id column (a schema test fails when a new one has no policy).</summary>
        internal static readonly string[] TenantTables =
        [
            "api_keys", "assignments", "attempt_comments", "email_messages", "email_preferences", "invoices", "members",
            "payment_orders", "personas", "recording_downloads", "scenario_attempts", "scenarios", "track_scenarios", "tracks",
            "voice_usage_records", "webhook_deliveries", "webhook_delivery_attempts", "webhook_endpoints", "webhook_messages",
        ];

        private const string Role = "voicetraining_tenant";
        private const string Policy = "tenant_isolation";
        private const string CurrentOrg = "nullif(current_setting('app.org_id', true), '')::uuid";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Roles are the cluster's, not the database's: another database (or a test database
            // migrating at the same moment) may have created it already.
            migrationBuilder.Sql($"""
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{Role}') THEN
                        BEGIN
                            CREATE ROLE {Role} NOLOGIN;
                        EXCEPTION WHEN duplicate_object OR unique_violation THEN
                            NULL;
                        END;
                    END IF;
                    -- The owner must be able to SET ROLE to it; superusers always can.
                    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                       AND NOT pg_has_role(current_user, '{Role}', 'MEMBER') THEN
                        EXECUTE format('GRANT {Role} TO %I', current_user);
                    END IF;
                    EXECUTE format('GRANT USAGE ON SCHEMA %I TO {Role}', current_schema());
                    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO {Role}', current_schema());
                    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO {Role}', current_schema());
                    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {Role}', current_schema());
                    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO {Role}', current_schema());
                END
                $$;
                REVOKE ALL ON __ef_migrations_history FROM {Role};
                """);

            foreach (var table in TenantTables) EnableFor(migrationBuilder, table, "org_id");
            // An organization sees its own row only.
            EnableFor(migrationBuilder, "organizations", "id");
        }

        private static void EnableFor(MigrationBuilder migrationBuilder, string table, string column) =>
            migrationBuilder.Sql($"""
                ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
                CREATE POLICY {Policy} ON {table} TO {Role}
                    USING ({column} = {CurrentOrg}) WITH CHECK ({column} = {CurrentOrg});
                """);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in TenantTables.Append("organizations"))
                migrationBuilder.Sql($"""
                    DROP POLICY IF EXISTS {Policy} ON {table};
                    ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
                    """);

            // The role stays: it is the cluster's, and other databases may still use it.
            migrationBuilder.Sql($"""
                DO $$
                BEGIN
                    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE USAGE, SELECT ON SEQUENCES FROM {Role}', current_schema());
                    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM {Role}', current_schema());
                    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM {Role}', current_schema());
                    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM {Role}', current_schema());
                    EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM {Role}', current_schema());
                END
                $$;
                """);
        }
    }
}
