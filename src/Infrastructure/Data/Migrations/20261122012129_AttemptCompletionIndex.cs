using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceTraining.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class AttemptCompletionIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_scenario_attempts_org_id_member_id_scenario_id_status",
                table: "scenario_attempts",
                columns: new[] { "org_id", "member_id", "scenario_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_scenario_attempts_org_id_member_id_scenario_id_status",
                table: "scenario_attempts");
        }
    }
}
