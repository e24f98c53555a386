using Npgsql;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>What <see cref="LedgerAudit.RunAsync"/> found in one database: the entries it read and every broken rule.</summary>
internal sealed record LedgerAuditResult(string Database, long Entries, IReadOnlyList<string> Problems);

/// <summary>
/// The ledger's invariants read straight from a database's <c>invoicing</c> schema, whatever wrote it: every entry
/// has two or more postings summing to zero per currency; every invoice's <c>Client invoiced</c> entry books its total
/// as receivable; its credit notes are booked to <c>Refunds</c>; a paid or credited invoice leaves nothing receivable.
/// </summary>
internal static class LedgerAudit
{
    private static readonly (string Rule, string Sql)[] Rules =
    [
        ("entry with fewer than two postings", """
            SELECT e.idempotency_key || ': ' || count(p.entry_id) || ' posting(s)'
            FROM invoicing.ledger_entries e LEFT JOIN invoicing.ledger_postings p ON p.entry_id = e.id
            GROUP BY e.id, e.idempotency_key HAVING count(p.entry_id) < 2
            """),
        ("entry not summing to zero", """
            SELECT e.idempotency_key || ': ' || p.currency || ' ' || sum(p.amount)
            FROM invoicing.ledger_entries e JOIN invoicing.ledger_postings p ON p.entry_id = e.id
            GROUP BY e.id, e.idempotency_key, p.currency HAVING sum(p.amount) <> 0
            """),
        ("invoice whose total is not its receivable", """
            SELECT i.number || ': total ' || i.total || ', booked ' || coalesce(sum(p.amount), 0)
            FROM invoicing.invoices i
            LEFT JOIN invoicing.ledger_entries e ON e.invoice_id = i.id AND e.description = 'Client invoiced'
            LEFT JOIN invoicing.ledger_postings p ON p.entry_id = e.id AND p.account = 'ClientReceivables'
            GROUP BY i.id, i.number, i.total HAVING coalesce(sum(p.amount), 0) <> i.total
            """),
        ("invoice whose credit notes are not booked", """
            SELECT number || ': credit notes ' || noted || ', booked ' || booked FROM (
                SELECT i.number,
                    (SELECT coalesce(sum(c.amount), 0) FROM invoicing.credit_notes c WHERE c.invoice_id = i.id) AS noted,
                    (SELECT coalesce(sum(p.amount), 0) FROM invoicing.ledger_entries e JOIN invoicing.ledger_postings p ON p.entry_id = e.id
                     WHERE e.invoice_id = i.id AND p.account = 'Refunds') AS booked
                FROM invoicing.invoices i) AS invoice
            WHERE noted <> booked
            """),
        ("settled invoice still receivable", """
            SELECT i.number || ' (' || i.status || '): ' || sum(p.amount) || ' receivable'
            FROM invoicing.invoices i
            JOIN invoicing.ledger_entries e ON e.invoice_id = i.id
            JOIN invoicing.ledger_postings p ON p.entry_id = e.id AND p.account = 'ClientReceivables'
            WHERE i.status IN ('Paid', 'Credited')
            GROUP BY i.id, i.number, i.status HAVING sum(p.amount) <> 0
            """),
    ];

    /// <summary>Audits the database's ledger; a database without the <c>invoicing</c> schema has nothing to audit.</summary>
    public static async Task<LedgerAuditResult> RunAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var database = connection.Database;
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('invoicing.ledger_entries') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync())!)
            {
                return new LedgerAuditResult(database, 0, []);
            }
        }

        // One snapshot for every rule: a document and its entries are committed together.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM invoicing.ledger_entries", connection, transaction);
        var entries = (long)(await count.ExecuteScalarAsync())!;
        List<string> problems = [];
        foreach (var (rule, sql) in Rules)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                problems.Add($"{database}: {rule}: {reader.GetString(0)}");
            }
        }

        return new LedgerAuditResult(database, entries, problems);
    }
}
