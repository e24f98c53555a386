using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Totalizator.Migrations
{
    /// <inheritdoc />
    public partial class MarketsAndPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "accounts",
                schema: "totalizator",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    balance = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accounts", x => x.id);
                    table.CheckConstraint("ck_accounts_only_the_house_below_zero", "kind = 'House' OR balance >= 0");
                });

            migrationBuilder.CreateTable(
                name: "bets",
                schema: "totalizator",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    market_id = table.Column<Guid>(type: "uuid", nullable: false),
                    bettor_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    outcome = table.Column<int>(type: "integer", nullable: false),
                    stake = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    refusal = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    sequence = table.Column<long>(type: "bigint", nullable: true),
                    returned = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "markets",
                schema: "totalizator",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    outcomes = table.Column<List<string>>(type: "text[]", nullable: false),
                    closes_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    takeout_rate = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    resolution = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    period_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    winning_outcome = table.Column<int>(type: "integer", nullable: true),
                    gross = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    takeout = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    breakage = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    minus_pool = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    price = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_markets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "movements",
                schema: "totalizator",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    from_account = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    to_account = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    market_id = table.Column<Guid>(type: "uuid", nullable: true),
                    bet_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_movements", x => x.key);
                    table.CheckConstraint("ck_movements_positive", "amount > 0");
                });

            migrationBuilder.CreateIndex(
                name: "ix_bets_bettor_id_submitted_at",
                schema: "totalizator",
                table: "bets",
                columns: new[] { "bettor_id", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_bets_market_id_sequence",
                schema: "totalizator",
                table: "bets",
                columns: new[] { "market_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_markets_state_closes_at",
                schema: "totalizator",
                table: "markets",
                columns: new[] { "state", "closes_at" });

            migrationBuilder.CreateIndex(
                name: "ix_movements_from_account_occurred_at",
                schema: "totalizator",
                table: "movements",
                columns: new[] { "from_account", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_movements_to_account_occurred_at",
                schema: "totalizator",
                table: "movements",
                columns: new[] { "to_account", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "accounts",
                schema: "totalizator");

            migrationBuilder.DropTable(
                name: "bets",
                schema: "totalizator");

            migrationBuilder.DropTable(
                name: "markets",
                schema: "totalizator");

            migrationBuilder.DropTable(
                name: "movements",
                schema: "totalizator");
        }
    }
}
