using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Management.Migrations
{
    /// <inheritdoc />
    public partial class QualityControl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "quality_incidents",
                schema: "management",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quality_incidents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "quality_reviews",
                schema: "management",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    step_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    photo_report_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    manager_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quality_reviews", x => x.order_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_quality_incidents_order_id",
                schema: "management",
                table: "quality_incidents",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_quality_reviews_status_opened_at",
                schema: "management",
                table: "quality_reviews",
                columns: new[] { "status", "opened_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quality_incidents",
                schema: "management");

            migrationBuilder.DropTable(
                name: "quality_reviews",
                schema: "management");
        }
    }
}
