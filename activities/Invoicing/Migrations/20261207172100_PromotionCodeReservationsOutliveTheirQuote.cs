using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Invoicing.Migrations
{
    /// <inheritdoc />
    public partial class PromotionCodeReservationsOutliveTheirQuote : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "hold_until",
                schema: "invoicing",
                table: "promotion_code_redemptions",
                newName: "quote_expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_promotion_code_redemptions_quote_id",
                schema: "invoicing",
                table: "promotion_code_redemptions",
                column: "quote_id",
                filter: "status = 'Reserved'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_promotion_code_redemptions_quote_id",
                schema: "invoicing",
                table: "promotion_code_redemptions");

            migrationBuilder.RenameColumn(
                name: "quote_expires_at",
                schema: "invoicing",
                table: "promotion_code_redemptions",
                newName: "hold_until");
        }
    }
}
