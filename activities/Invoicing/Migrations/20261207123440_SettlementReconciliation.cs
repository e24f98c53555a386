using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Invoicing.Migrations
{
    /// <inheritdoc />
    public partial class SettlementReconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "golden_hat_id",
                schema: "invoicing",
                table: "ledger_entries",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "golden_hat_kind",
                schema: "invoicing",
                table: "ledger_entries",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "settlement_mismatches",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    line_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    golden_hat_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    golden_hat_reference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    golden_hat_currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    golden_hat_amount = table.Column<decimal>(type: "numeric", nullable: true),
                    ledger_entry_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ledger_entry_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ledger_description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ledger_currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    ledger_amount = table.Column<decimal>(type: "numeric", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_settlement_mismatches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "settlement_reconciliations",
                schema: "invoicing",
                columns: table => new
                {
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    reconciled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    lines_matched = table.Column<int>(type: "integer", nullable: false),
                    mismatches = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_settlement_reconciliations", x => x.date);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_golden_hat_id",
                schema: "invoicing",
                table: "ledger_entries",
                column: "golden_hat_id");

            migrationBuilder.CreateIndex(
                name: "ix_settlement_mismatches_date_line_kind_golden_hat_id",
                schema: "invoicing",
                table: "settlement_mismatches",
                columns: new[] { "date", "line_kind", "golden_hat_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "settlement_mismatches",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "settlement_reconciliations",
                schema: "invoicing");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_golden_hat_id",
                schema: "invoicing",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "golden_hat_id",
                schema: "invoicing",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "golden_hat_kind",
                schema: "invoicing",
                table: "ledger_entries");
        }
    }
}
