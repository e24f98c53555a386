using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Totalizator.Migrations
{
    /// <inheritdoc />
    public partial class MarketSettlementRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "break_step",
                schema: "totalizator",
                table: "markets",
                type: "numeric(6,2)",
                precision: 6,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "minimum_price",
                schema: "totalizator",
                table: "markets",
                type: "numeric(6,2)",
                precision: 6,
                scale: 2,
                nullable: false,
                defaultValue: 0m);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "break_step",
                schema: "totalizator",
                table: "markets");

            migrationBuilder.DropColumn(
                name: "minimum_price",
                schema: "totalizator",
                table: "markets");
        }
    }
}
