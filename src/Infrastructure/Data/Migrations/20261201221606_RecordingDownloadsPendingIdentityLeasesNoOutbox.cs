using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceTraining.Infrastructure.Data.Migrations
{
    /// <summary>
    /// Recording downloads become work items of their own (recording_downloads), moved out of
    /// scenario_attempts, which keeps what it shows about the recording; pending identity events
    /// get the lease columns of the background engine; outbox_events, which nothing read, goes.
    /// </summary>
    public partial class RecordingDownloadsPendingIdentityLeasesNoOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "recording_downloads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempt_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    lease_token = table.Column<Guid>(type: "uuid", nullable: true),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recording_downloads", x => x.id);
                    table.ForeignKey(
                        name: "fk_recording_downloads_organizations_org_id",
                        column: x => x.org_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_recording_downloads_scenario_attempts_attempt_id",
                        column: x => x.attempt_id,
                        principalTable: "scenario_attempts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // One download per attempt whose call left a recording, in the state the attempt kept it:
            // pending ones stay due when they were (a download held by a worker now comes due when its
            // lease would have ended); stored and failed ones are finished. The attempt keeps its
            // recording's status, key, type and size, which the API reads.
            migrationBuilder.Sql("""
                INSERT INTO recording_downloads (id, org_id, attempt_id, source_url, status, attempts, next_attempt_at, lease_token, last_error, created_at)
                SELECT gen_random_uuid(), a.org_id, a.id, a.recording_source_url, a.recording_status, a.recording_download_attempts,
                       COALESCE(a.recording_next_attempt_at, a.updated_at), NULL, a.recording_error, COALESCE(a.ended_at, a.created_at)
                FROM scenario_attempts a
                WHERE a.recording_source_url IS NOT NULL AND a.recording_status IN ('Pending', 'Stored', 'Failed')
                """);

            migrationBuilder.CreateIndex(
                name: "ix_recording_downloads_attempt_id",
                table: "recording_downloads",
                column: "attempt_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_recording_downloads_next_attempt_at",
                table: "recording_downloads",
                column: "next_attempt_at",
                filter: "status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_recording_downloads_org_id",
                table: "recording_downloads",
                column: "org_id");

            migrationBuilder.DropIndex(
                name: "ix_scenario_attempts_recording_next_attempt_at",
                table: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "recording_download_attempts",
                table: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "recording_error",
                table: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "recording_next_attempt_at",
                table: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "recording_source_url",
                table: "scenario_attempts");

            migrationBuilder.AddColumn<Guid>(
                name: "lease_token",
                table: "pending_identity_events",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "pending_identity_events",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Pending");

            // Events past their keep period, or whose next retry would come after it, were given up
            // (no retry could claim them any more): they are Expired now.
            migrationBuilder.Sql("""
                UPDATE pending_identity_events SET status = 'Expired'
                WHERE expires_at <= now() OR next_attempt_at >= expires_at
                """);

            migrationBuilder.DropIndex(
                name: "ix_pending_identity_events_next_attempt_at",
                table: "pending_identity_events");

            migrationBuilder.CreateIndex(
                name: "ix_pending_identity_events_next_attempt_at",
                table: "pending_identity_events",
                column: "next_attempt_at",
                filter: "status = 'Pending'");

            migrationBuilder.DropTable(
                name: "outbox_events");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "recording_next_attempt_at",
                table: "scenario_attempts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recording_source_url",
                table: "scenario_attempts",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            // The download state goes back onto the attempts (a due time only while still pending).
            migrationBuilder.Sql("""
                UPDATE scenario_attempts a
                SET recording_source_url = d.source_url, recording_download_attempts = d.attempts, recording_error = d.last_error,
                    recording_next_attempt_at = CASE WHEN d.status = 'Pending' THEN d.next_attempt_at END
                FROM recording_downloads d
                WHERE d.attempt_id = a.id
                """);

            migrationBuilder.CreateIndex(
                name: "ix_scenario_attempts_recording_next_attempt_at",
                table: "scenario_attempts",
                column: "recording_next_attempt_at",
                filter: "recording_status = 'Pending'");

            migrationBuilder.DropTable(
                name: "recording_downloads");

            // Without a status, an event is given up when its next retry comes after its keep period.
            migrationBuilder.Sql("""
                UPDATE pending_identity_events SET next_attempt_at = expires_at WHERE status = 'Expired'
                """);

            migrationBuilder.DropIndex(
                name: "ix_pending_identity_events_next_attempt_at",
                table: "pending_identity_events");

            migrationBuilder.DropColumn(
                name: "lease_token",
                table: "pending_identity_events");

            migrationBuilder.DropColumn(
                name: "status",
                table: "pending_identity_events");

            migrationBuilder.CreateIndex(
                name: "ix_pending_identity_events_next_attempt_at",
                table: "pending_identity_events",
                column: "next_attempt_at");

            migrationBuilder.CreateTable(
                name: "outbox_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    dispatched_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_events", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_occurred_at",
                table: "outbox_events",
                column: "occurred_at",
                filter: "dispatched_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_org_id_occurred_at",
                table: "outbox_events",
                columns: new[] { "org_id", "occurred_at" });
        }
    }
}
