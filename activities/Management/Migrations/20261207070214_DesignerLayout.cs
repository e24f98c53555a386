using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Management.Migrations
{
    /// <inheritdoc />
    public partial class DesignerLayout : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "layout",
                schema: "management",
                table: "definition_drafts",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "layout",
                schema: "management",
                table: "definition_drafts");
        }
    }
}
