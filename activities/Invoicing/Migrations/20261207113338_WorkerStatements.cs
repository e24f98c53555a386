using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Invoicing.Migrations
{
    /// <inheritdoc />
    public partial class WorkerStatements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "worker_statements",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    worker_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    period_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    brought_forward = table.Column<decimal>(type: "numeric", nullable: false),
                    total = table.Column<decimal>(type: "numeric", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_worker_statements", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "worker_statement_lines",
                schema: "invoicing",
                columns: table => new
                {
                    statement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    source_id = table.Column<Guid>(type: "uuid", nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_worker_statement_lines", x => new { x.statement_id, x.position });
                    table.ForeignKey(
                        name: "fk_worker_statement_lines_worker_statements_statement_id",
                        column: x => x.statement_id,
                        principalSchema: "invoicing",
                        principalTable: "worker_statements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_worker_statements_number",
                schema: "invoicing",
                table: "worker_statements",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_worker_statements_period_end",
                schema: "invoicing",
                table: "worker_statements",
                column: "period_end");

            migrationBuilder.CreateIndex(
                name: "ix_worker_statements_worker_id_currency_period_end",
                schema: "invoicing",
                table: "worker_statements",
                columns: new[] { "worker_id", "currency", "period_end" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_worker_statements_year_sequence",
                schema: "invoicing",
                table: "worker_statements",
                columns: new[] { "year", "sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "worker_statement_lines",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "worker_statements",
                schema: "invoicing");
        }
    }
}
