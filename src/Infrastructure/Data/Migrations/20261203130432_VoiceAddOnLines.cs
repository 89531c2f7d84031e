using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceTraining.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class VoiceAddOnLines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "voice_add_on_lines",
                table: "organizations",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "voice_add_on_lines",
                table: "organizations");
        }
    }
}
