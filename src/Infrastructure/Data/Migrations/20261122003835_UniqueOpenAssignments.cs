using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceTraining.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class UniqueOpenAssignments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ux_assignments_open_scenario",
                table: "assignments",
                columns: new[] { "org_id", "member_id", "scenario_id" },
                unique: true,
                filter: "status <> 'Completed' AND scenario_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_assignments_open_track",
                table: "assignments",
                columns: new[] { "org_id", "member_id", "track_id" },
                unique: true,
                filter: "status <> 'Completed' AND track_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_assignments_open_scenario",
                table: "assignments");

            migrationBuilder.DropIndex(
                name: "ux_assignments_open_track",
                table: "assignments");
        }
    }
}
