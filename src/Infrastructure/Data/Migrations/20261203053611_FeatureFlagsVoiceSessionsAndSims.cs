using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceTraining.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class FeatureFlagsVoiceSessionsAndSims : Migration
    {
        /// <summary>Tables of one organization's data.</summary>
        internal static readonly string[] TenantTables = ["user_voice_addons", "voice_sessions"];

        /// <summary>Tables holding an organization's rows and global rows (org_id null), readable by every tenant.</summary>
        internal static readonly string[] TenantOrGlobalTables = ["feature_flag_settings", "feature_flag_changes", "voice_settings"];

        private const string CurrentOrg = "nullif(current_setting('app.org_id', true), '')::uuid";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "end_reason",
                table: "voice_usage_records",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "voice_session_id",
                table: "voice_usage_records",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "feature_flag_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    scope = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: true),
                    member_id = table.Column<Guid>(type: "uuid", nullable: true),
                    old_value = table.Column<bool>(type: "boolean", nullable: true),
                    new_value = table.Column<bool>(type: "boolean", nullable: true),
                    changed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    changed_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_feature_flag_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_feature_flag_changes_organizations_org_id",
                        column: x => x.org_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "feature_flag_settings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    scope = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: true),
                    member_id = table.Column<Guid>(type: "uuid", nullable: true),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    set_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_feature_flag_settings", x => x.id);
                    table.ForeignKey(
                        name: "fk_feature_flag_settings_members_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_feature_flag_settings_organizations_org_id",
                        column: x => x.org_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_voice_addons",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    voice_addon_active = table.Column<bool>(type: "boolean", nullable: false),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    assigned_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    unassigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_voice_addons", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_voice_addons_members_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_voice_addons_organizations_org_id",
                        column: x => x.org_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "voice_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scenario_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempt_id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_activity_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expected_duration_minutes = table.Column<int>(type: "integer", nullable: false),
                    price_per_minute = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false),
                    cost_estimate = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: false),
                    running_cost = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: false),
                    circuit_breaker_threshold = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false),
                    max_session_minutes = table.Column<int>(type: "integer", nullable: false),
                    end_reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    token_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    speech_to_text_provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    text_to_speech_provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    llm_provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    provider_switches = table.Column<string>(type: "jsonb", nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_voice_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_voice_sessions_members_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_voice_sessions_organizations_org_id",
                        column: x => x.org_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_voice_sessions_scenario_attempts_attempt_id",
                        column: x => x.attempt_id,
                        principalTable: "scenario_attempts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_voice_sessions_scenarios_scenario_id",
                        column: x => x.scenario_id,
                        principalTable: "scenarios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "voice_settings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: true),
                    price_per_minute = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false),
                    circuit_breaker_threshold = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false),
                    max_session_minutes = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_voice_settings", x => x.id);
                    table.ForeignKey(
                        name: "fk_voice_settings_organizations_org_id",
                        column: x => x.org_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_voice_usage_records_voice_session_id",
                table: "voice_usage_records",
                column: "voice_session_id");

            migrationBuilder.CreateIndex(
                name: "ix_feature_flag_changes_changed_at",
                table: "feature_flag_changes",
                column: "changed_at");

            migrationBuilder.CreateIndex(
                name: "ix_feature_flag_changes_org_id_changed_at",
                table: "feature_flag_changes",
                columns: new[] { "org_id", "changed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_feature_flag_settings_key_scope_org_id_member_id",
                table: "feature_flag_settings",
                columns: new[] { "key", "scope", "org_id", "member_id" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_feature_flag_settings_member_id",
                table: "feature_flag_settings",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_feature_flag_settings_org_id_member_id",
                table: "feature_flag_settings",
                columns: new[] { "org_id", "member_id" });

            migrationBuilder.CreateIndex(
                name: "ix_user_voice_addons_member_id",
                table: "user_voice_addons",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_voice_addons_org_id_member_id",
                table: "user_voice_addons",
                columns: new[] { "org_id", "member_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_voice_addons_org_id_voice_addon_active",
                table: "user_voice_addons",
                columns: new[] { "org_id", "voice_addon_active" });

            migrationBuilder.CreateIndex(
                name: "ix_voice_sessions_active",
                table: "voice_sessions",
                column: "started_at",
                filter: "status = 'Active'");

            migrationBuilder.CreateIndex(
                name: "ix_voice_sessions_attempt_id",
                table: "voice_sessions",
                column: "attempt_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_voice_sessions_member_id",
                table: "voice_sessions",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_voice_sessions_org_id_member_id_started_at",
                table: "voice_sessions",
                columns: new[] { "org_id", "member_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_voice_sessions_scenario_id",
                table: "voice_sessions",
                column: "scenario_id");

            migrationBuilder.CreateIndex(
                name: "ix_voice_settings_org_id",
                table: "voice_settings",
                column: "org_id",
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.AddForeignKey(
                name: "fk_voice_usage_records_voice_sessions_voice_session_id",
                table: "voice_usage_records",
                column: "voice_session_id",
                principalTable: "voice_sessions",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            // Row-level security (ADR 0017). Member SIMs and voice sessions are tenant data like the
            // rest; flag settings, their audit trail and voice settings also hold rows of no
            // organization (global), which every tenant may read. Who may write a global row is the
            // application's rule (platform operators), as it is for every other write.
            foreach (var table in TenantTables)
                migrationBuilder.Sql($"""
                    ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
                    CREATE POLICY tenant_isolation ON {table} TO voicetraining_tenant
                        USING (org_id = {CurrentOrg}) WITH CHECK (org_id = {CurrentOrg});
                    """);
            foreach (var table in TenantOrGlobalTables)
                migrationBuilder.Sql($"""
                    ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
                    CREATE POLICY tenant_isolation ON {table} TO voicetraining_tenant
                        USING (org_id IS NULL OR org_id = {CurrentOrg}) WITH CHECK (org_id IS NULL OR org_id = {CurrentOrg});
                    """);

            // The global default: $0.10 a minute, a session stopped at $5.00 or after 30 minutes.
            migrationBuilder.Sql("""
                INSERT INTO voice_settings (id, org_id, price_per_minute, circuit_breaker_threshold, max_session_minutes, updated_at)
                VALUES ('019ae2f0-0000-7000-8000-000000000001', NULL, 0.10, 5.00, 30, now());
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in TenantTables.Concat(TenantOrGlobalTables))
                migrationBuilder.Sql($"DROP POLICY IF EXISTS tenant_isolation ON {table};");

            migrationBuilder.DropForeignKey(
                name: "fk_voice_usage_records_voice_sessions_voice_session_id",
                table: "voice_usage_records");

            migrationBuilder.DropTable(
                name: "feature_flag_changes");

            migrationBuilder.DropTable(
                name: "feature_flag_settings");

            migrationBuilder.DropTable(
                name: "user_voice_addons");

            migrationBuilder.DropTable(
                name: "voice_sessions");

            migrationBuilder.DropTable(
                name: "voice_settings");

            migrationBuilder.DropIndex(
                name: "ix_voice_usage_records_voice_session_id",
                table: "voice_usage_records");

            migrationBuilder.DropColumn(
                name: "end_reason",
                table: "voice_usage_records");

            migrationBuilder.DropColumn(
                name: "voice_session_id",
                table: "voice_usage_records");
        }
    }
}
