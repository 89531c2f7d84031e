using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceTraining.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class IdentitySyncAndComments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "anonymized_at",
                table: "members",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "attempt_comments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempt_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_id = table.Column<Guid>(type: "uuid", nullable: false),
                    body = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    email_message_id = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attempt_comments", x => x.id);
                    table.ForeignKey(
                        name: "fk_attempt_comments_members_author_id",
                        column: x => x.author_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_attempt_comments_organizations_org_id",
                        column: x => x.org_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_attempt_comments_scenario_attempts_attempt_id",
                        column: x => x.attempt_id,
                        principalTable: "scenario_attempts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pending_identity_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    event_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    event_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    awaited_organization = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pending_identity_events", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_attempt_comments_attempt_id",
                table: "attempt_comments",
                column: "attempt_id");

            migrationBuilder.CreateIndex(
                name: "ix_attempt_comments_author_id",
                table: "attempt_comments",
                column: "author_id");

            migrationBuilder.CreateIndex(
                name: "ix_attempt_comments_org_id_attempt_id_created_at",
                table: "attempt_comments",
                columns: new[] { "org_id", "attempt_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_attempt_comments_org_id_email_message_id",
                table: "attempt_comments",
                columns: new[] { "org_id", "email_message_id" },
                unique: true,
                filter: "email_message_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_pending_identity_events_awaited_organization",
                table: "pending_identity_events",
                column: "awaited_organization");

            migrationBuilder.CreateIndex(
                name: "ix_pending_identity_events_next_attempt_at",
                table: "pending_identity_events",
                column: "next_attempt_at");

            migrationBuilder.CreateIndex(
                name: "ix_pending_identity_events_provider_event_id",
                table: "pending_identity_events",
                columns: new[] { "provider", "event_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attempt_comments");

            migrationBuilder.DropTable(
                name: "pending_identity_events");

            migrationBuilder.DropColumn(
                name: "anonymized_at",
                table: "members");
        }
    }
}
