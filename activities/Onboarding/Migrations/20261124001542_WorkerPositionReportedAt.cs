using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Onboarding.Migrations
{
    /// <inheritdoc />
    public partial class WorkerPositionReportedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "position_reported_at",
                schema: "onboarding",
                table: "worker_pool",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "position_reported_at",
                schema: "onboarding",
                table: "worker_pool");
        }
    }
}
