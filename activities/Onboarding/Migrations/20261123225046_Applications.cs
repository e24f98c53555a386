using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Onboarding.Migrations
{
    /// <inheritdoc />
    public partial class Applications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "applications",
                schema: "onboarding",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    display_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    skills = table.Column<List<string>>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_applications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "confirmation_tokens",
                schema: "onboarding",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    password_hash = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_confirmation_tokens", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                schema: "onboarding",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipient = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    reference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "test_set_assignments",
                schema: "onboarding",
                columns: table => new
                {
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    skill = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    test_set_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    test_set_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    definition_json = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    current_step_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    attempts_used = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_test_set_assignments", x => new { x.application_id, x.skill });
                });

            migrationBuilder.CreateTable(
                name: "worker_pool",
                schema: "onboarding",
                columns: table => new
                {
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    display_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    skills = table.Column<List<string>>(type: "text[]", nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_worker_pool", x => x.account_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_applications_account_id",
                schema: "onboarding",
                table: "applications",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_applications_email",
                schema: "onboarding",
                table: "applications",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_applications_status_submitted_at",
                schema: "onboarding",
                table: "applications",
                columns: new[] { "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_confirmation_tokens_application_id",
                schema: "onboarding",
                table: "confirmation_tokens",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_confirmation_tokens_token_hash",
                schema: "onboarding",
                table: "confirmation_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notifications_recipient_recorded_at",
                schema: "onboarding",
                table: "notifications",
                columns: new[] { "recipient", "recorded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_test_set_assignments_test_set_code_version",
                schema: "onboarding",
                table: "test_set_assignments",
                columns: new[] { "test_set_code", "version" });

            migrationBuilder.CreateIndex(
                name: "ix_worker_pool_city",
                schema: "onboarding",
                table: "worker_pool",
                column: "city");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "applications",
                schema: "onboarding");

            migrationBuilder.DropTable(
                name: "confirmation_tokens",
                schema: "onboarding");

            migrationBuilder.DropTable(
                name: "notifications",
                schema: "onboarding");

            migrationBuilder.DropTable(
                name: "test_set_assignments",
                schema: "onboarding");

            migrationBuilder.DropTable(
                name: "worker_pool",
                schema: "onboarding");
        }
    }
}
