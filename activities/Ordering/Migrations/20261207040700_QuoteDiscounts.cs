using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Ordering.Migrations
{
    /// <inheritdoc />
    public partial class QuoteDiscounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "discounts_json",
                schema: "ordering",
                table: "quotes",
                type: "jsonb",
                nullable: false,
                // Quotes made before discounts existed applied none ('' is no JSON).
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "promotion_code",
                schema: "ordering",
                table: "quotes",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "promotion_code",
                schema: "ordering",
                table: "orders",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "discounts_json",
                schema: "ordering",
                table: "quotes");

            migrationBuilder.DropColumn(
                name: "promotion_code",
                schema: "ordering",
                table: "quotes");

            migrationBuilder.DropColumn(
                name: "promotion_code",
                schema: "ordering",
                table: "orders");
        }
    }
}
