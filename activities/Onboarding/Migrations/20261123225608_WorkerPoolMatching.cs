using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Onboarding.Migrations
{
    /// <inheritdoc />
    public partial class WorkerPoolMatching : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "active",
                schema: "onboarding",
                table: "worker_pool",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<double>(
                name: "latitude",
                schema: "onboarding",
                table: "worker_pool",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "longitude",
                schema: "onboarding",
                table: "worker_pool",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "rating",
                schema: "onboarding",
                table: "worker_pool",
                type: "numeric(3,2)",
                precision: 3,
                scale: 2,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "active",
                schema: "onboarding",
                table: "worker_pool");

            migrationBuilder.DropColumn(
                name: "latitude",
                schema: "onboarding",
                table: "worker_pool");

            migrationBuilder.DropColumn(
                name: "longitude",
                schema: "onboarding",
                table: "worker_pool");

            migrationBuilder.DropColumn(
                name: "rating",
                schema: "onboarding",
                table: "worker_pool");
        }
    }
}
