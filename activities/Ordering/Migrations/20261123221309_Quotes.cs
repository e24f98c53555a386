using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Ordering.Migrations
{
    /// <inheritdoc />
    public partial class Quotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "quotes",
                schema: "ordering",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    service_type_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    service_type_version = table.Column<int>(type: "integer", nullable: false),
                    address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    latitude = table.Column<double>(type: "double precision", nullable: false),
                    longitude = table.Column<double>(type: "double precision", nullable: false),
                    window_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    window_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    base_price = table.Column<decimal>(type: "numeric", nullable: false),
                    surcharges_json = table.Column<string>(type: "jsonb", nullable: false),
                    total = table.Column<decimal>(type: "numeric", nullable: false),
                    quoted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quotes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_quotes_client_id_quoted_at",
                schema: "ordering",
                table: "quotes",
                columns: new[] { "client_id", "quoted_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quotes",
                schema: "ordering");
        }
    }
}
