using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Invoicing.Migrations
{
    /// <inheritdoc />
    public partial class CreditNotesBeforeTheCharge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "refund_id",
                schema: "invoicing",
                table: "credit_notes");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "refund_id",
                schema: "invoicing",
                table: "credit_notes",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);
        }
    }
}
