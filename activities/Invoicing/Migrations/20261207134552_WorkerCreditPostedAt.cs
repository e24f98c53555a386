using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Invoicing.Migrations
{
    /// <inheritdoc />
    public partial class WorkerCreditPostedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "posted_at",
                schema: "invoicing",
                table: "worker_credits",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_worker_statement_lines_source_id",
                schema: "invoicing",
                table: "worker_statement_lines",
                column: "source_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_worker_statement_lines_source_id",
                schema: "invoicing",
                table: "worker_statement_lines");

            migrationBuilder.DropColumn(
                name: "posted_at",
                schema: "invoicing",
                table: "worker_credits");
        }
    }
}
