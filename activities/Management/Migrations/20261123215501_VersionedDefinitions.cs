using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Management.Migrations
{
    /// <inheritdoc />
    public partial class VersionedDefinitions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "definition_drafts",
                schema: "management",
                columns: table => new
                {
                    kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    tree = table.Column<string>(type: "jsonb", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_definition_drafts", x => new { x.kind, x.code });
                });

            migrationBuilder.CreateTable(
                name: "definition_versions",
                schema: "management",
                columns: table => new
                {
                    kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    tree = table.Column<string>(type: "jsonb", nullable: false),
                    subject = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    draft_revision = table.Column<int>(type: "integer", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_definition_versions", x => new { x.kind, x.code, x.number });
                    table.ForeignKey(
                        name: "fk_definition_versions_definition_drafts_kind_code",
                        columns: x => new { x.kind, x.code },
                        principalSchema: "management",
                        principalTable: "definition_drafts",
                        principalColumns: new[] { "kind", "code" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_definition_versions_kind_subject",
                schema: "management",
                table: "definition_versions",
                columns: new[] { "kind", "subject" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "definition_versions",
                schema: "management");

            migrationBuilder.DropTable(
                name: "definition_drafts",
                schema: "management");
        }
    }
}
