using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HelperPlatform.Activities.Invoicing.Migrations
{
    /// <inheritdoc />
    public partial class InvoicesAndLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "document_counters",
                schema: "invoicing",
                columns: table => new
                {
                    series = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    last_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_counters", x => new { x.series, x.year });
                });

            migrationBuilder.CreateTable(
                name: "invoices",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    net = table.Column<decimal>(type: "numeric", nullable: false),
                    tax = table.Column<decimal>(type: "numeric", nullable: false),
                    total = table.Column<decimal>(type: "numeric", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    charge_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "payment_methods",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    token = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_methods", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "credit_notes",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    refund_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_credit_notes_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalSchema: "invoicing",
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "invoice_lines",
                schema: "invoicing",
                columns: table => new
                {
                    invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: false),
                    tax = table.Column<decimal>(type: "numeric", nullable: false),
                    tax_rounding = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_lines", x => new { x.invoice_id, x.position });
                    table.ForeignKey(
                        name: "fk_invoice_lines_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalSchema: "invoicing",
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ledger_postings",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    entry_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_postings", x => x.id);
                    table.ForeignKey(
                        name: "fk_ledger_postings_ledger_entries_entry_id",
                        column: x => x.entry_id,
                        principalSchema: "invoicing",
                        principalTable: "ledger_entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_credit_notes_invoice_id",
                schema: "invoicing",
                table: "credit_notes",
                column: "invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_credit_notes_number",
                schema: "invoicing",
                table: "credit_notes",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_credit_notes_year_sequence",
                schema: "invoicing",
                table: "credit_notes",
                columns: new[] { "year", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invoices_client_id_issued_at",
                schema: "invoicing",
                table: "invoices",
                columns: new[] { "client_id", "issued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_number",
                schema: "invoicing",
                table: "invoices",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invoices_order_id",
                schema: "invoicing",
                table: "invoices",
                column: "order_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invoices_year_sequence",
                schema: "invoicing",
                table: "invoices",
                columns: new[] { "year", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_idempotency_key",
                schema: "invoicing",
                table: "ledger_entries",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_invoice_id",
                schema: "invoicing",
                table: "ledger_entries",
                column: "invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_postings_account_currency",
                schema: "invoicing",
                table: "ledger_postings",
                columns: new[] { "account", "currency" });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_postings_entry_id",
                schema: "invoicing",
                table: "ledger_postings",
                column: "entry_id");

            migrationBuilder.CreateIndex(
                name: "ix_payment_methods_client_id_registered_at",
                schema: "invoicing",
                table: "payment_methods",
                columns: new[] { "client_id", "registered_at" });

            // The ledger is append-only, and every entry balances when its transaction commits (docs/invoicing.md, "The ledger").
            migrationBuilder.Sql(
                """
                CREATE FUNCTION invoicing.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'The ledger is append-only: % on % is refused; post a reversing entry instead.', TG_OP, TG_TABLE_NAME
                        USING ERRCODE = 'restrict_violation';
                END $$;
                CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON invoicing.ledger_entries
                    FOR EACH ROW EXECUTE FUNCTION invoicing.refuse_ledger_change();
                CREATE TRIGGER ledger_entries_never_truncated BEFORE TRUNCATE ON invoicing.ledger_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION invoicing.refuse_ledger_change();
                CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON invoicing.ledger_postings
                    FOR EACH ROW EXECUTE FUNCTION invoicing.refuse_ledger_change();
                CREATE TRIGGER ledger_postings_never_truncated BEFORE TRUNCATE ON invoicing.ledger_postings
                    FOR EACH STATEMENT EXECUTE FUNCTION invoicing.refuse_ledger_change();

                CREATE FUNCTION invoicing.check_entry_balances() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    entry uuid;
                BEGIN
                    IF TG_TABLE_NAME = 'ledger_entries' THEN
                        entry := NEW.id;
                    ELSE
                        entry := NEW.entry_id;
                    END IF;
                    IF (SELECT count(*) FROM invoicing.ledger_postings WHERE entry_id = entry) < 2
                        OR EXISTS (SELECT 1 FROM invoicing.ledger_postings WHERE entry_id = entry GROUP BY currency HAVING sum(amount) <> 0) THEN
                        RAISE EXCEPTION 'Journal entry % does not balance: it needs two or more postings that sum to zero per currency.', entry
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE CONSTRAINT TRIGGER ledger_entries_balance AFTER INSERT ON invoicing.ledger_entries
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION invoicing.check_entry_balances();
                CREATE CONSTRAINT TRIGGER ledger_postings_balance AFTER INSERT ON invoicing.ledger_postings
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION invoicing.check_entry_balances();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER ledger_postings_balance ON invoicing.ledger_postings;
                DROP TRIGGER ledger_entries_balance ON invoicing.ledger_entries;
                DROP FUNCTION invoicing.check_entry_balances();
                DROP TRIGGER ledger_postings_never_truncated ON invoicing.ledger_postings;
                DROP TRIGGER ledger_postings_append_only ON invoicing.ledger_postings;
                DROP TRIGGER ledger_entries_never_truncated ON invoicing.ledger_entries;
                DROP TRIGGER ledger_entries_append_only ON invoicing.ledger_entries;
                DROP FUNCTION invoicing.refuse_ledger_change();
                """);

            migrationBuilder.DropTable(
                name: "credit_notes",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "document_counters",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "invoice_lines",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "ledger_postings",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "payment_methods",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "invoices",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "ledger_entries",
                schema: "invoicing");
        }
    }
}
