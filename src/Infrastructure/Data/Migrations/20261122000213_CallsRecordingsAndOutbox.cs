using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceTraining.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class CallsRecordingsAndOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "recording_url",
                table: "scenario_attempts",
                newName: "recording_source_url");

            migrationBuilder.AddColumn<string>(
                name: "analysis_summary",
                table: "scenario_attempts",
                type: "character varying(20000)",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ended_reason",
                table: "scenario_attempts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "recording_bytes",
                table: "scenario_attempts",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recording_content_type",
                table: "scenario_attempts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "recording_download_attempts",
                table: "scenario_attempts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "recording_error",
                table: "scenario_attempts",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recording_key",
                table: "scenario_attempts",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "recording_next_attempt_at",
                table: "scenario_attempts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recording_status",
                table: "scenario_attempts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "outbox_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    dispatched_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "processed_inbound_events",
                columns: table => new
                {
                    provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    event_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    event_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_processed_inbound_events", x => new { x.provider, x.event_key });
                });

            migrationBuilder.CreateTable(
                name: "voice_usage_records",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempt_id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    seconds = table.Column<int>(type: "integer", nullable: false),
                    minutes = table.Column<decimal>(type: "numeric(12,1)", precision: 12, scale: 1, nullable: false),
                    price_per_minute_usd = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false),
                    cost_usd = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_voice_usage_records", x => x.id);
                    table.ForeignKey(
                        name: "fk_voice_usage_records_members_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_voice_usage_records_organizations_org_id",
                        column: x => x.org_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_voice_usage_records_scenario_attempts_attempt_id",
                        column: x => x.attempt_id,
                        principalTable: "scenario_attempts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_scenario_attempts_recording_next_attempt_at",
                table: "scenario_attempts",
                column: "recording_next_attempt_at",
                filter: "recording_status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_occurred_at",
                table: "outbox_events",
                column: "occurred_at",
                filter: "dispatched_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_org_id_occurred_at",
                table: "outbox_events",
                columns: new[] { "org_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_processed_inbound_events_received_at",
                table: "processed_inbound_events",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_voice_usage_records_attempt_id",
                table: "voice_usage_records",
                column: "attempt_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_voice_usage_records_member_id",
                table: "voice_usage_records",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_voice_usage_records_org_id_created_at",
                table: "voice_usage_records",
                columns: new[] { "org_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outbox_events");

            migrationBuilder.DropTable(
                name: "processed_inbound_events");

            migrationBuilder.DropTable(
                name: "voice_usage_records");

            migrationBuilder.DropIndex(
                name: "ix_scenario_attempts_recording_next_attempt_at",
                table: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "analysis_summary",
                table: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "ended_reason",
                table: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "recording_bytes",
                table: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "recording_content_type",
                table: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "recording_download_attempts",
                table: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "recording_error",
                table: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "recording_key",
                table: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "recording_next_attempt_at",
                table: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "recording_status",
                table: "scenario_attempts");

            migrationBuilder.RenameColumn(
                name: "recording_source_url",
                table: "scenario_attempts",
                newName: "recording_url");
        }
    }
}
