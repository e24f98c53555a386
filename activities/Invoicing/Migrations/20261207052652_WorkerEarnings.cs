using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Invoicing.Migrations
{
    /// <inheritdoc />
    public partial class WorkerEarnings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "worker_id",
                schema: "invoicing",
                table: "ledger_postings",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "invoice_id",
                schema: "invoicing",
                table: "ledger_entries",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.CreateTable(
                name: "worker_earnings",
                schema: "invoicing",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    worker_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    service_type_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    service_type_version = table.Column<int>(type: "integer", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    payout = table.Column<decimal>(type: "numeric", nullable: false),
                    quality = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    kept_percent = table.Column<int>(type: "integer", nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: false),
                    rounding = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    earned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_worker_earnings", x => x.order_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_postings_worker_id_currency",
                schema: "invoicing",
                table: "ledger_postings",
                columns: new[] { "worker_id", "currency" });

            migrationBuilder.CreateIndex(
                name: "ix_worker_earnings_worker_id_earned_at",
                schema: "invoicing",
                table: "worker_earnings",
                columns: new[] { "worker_id", "earned_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "worker_earnings",
                schema: "invoicing");

            migrationBuilder.DropIndex(
                name: "ix_ledger_postings_worker_id_currency",
                schema: "invoicing",
                table: "ledger_postings");

            migrationBuilder.DropColumn(
                name: "worker_id",
                schema: "invoicing",
                table: "ledger_postings");

            migrationBuilder.AlterColumn<Guid>(
                name: "invoice_id",
                schema: "invoicing",
                table: "ledger_entries",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
