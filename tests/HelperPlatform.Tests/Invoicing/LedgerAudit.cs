using Npgsql;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>What <see cref="LedgerAudit.RunAsync"/> found in one database: the entries it read and every broken rule.</summary>
internal sealed record LedgerAuditResult(string Database, long Entries, IReadOnlyList<string> Problems);

/// <summary>
/// The ledger's invariants read straight from a database's <c>invoicing</c> schema, whatever wrote it: every entry
/// has two or more postings summing to zero per currency; every invoice's <c>Client invoiced</c> entry books its total
/// as receivable and its net and tax as its lines add them up; its credit notes are booked to <c>Refunds</c>; a paid
/// or credited invoice leaves nothing receivable; every earning is owed to its worker by its entry.
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
        ("invoice whose lines, net or tax do not add up or are not booked", """
            SELECT i.number || ': net ' || i.net || ', tax ' || i.tax || ', total ' || i.total
                || '; lines ' || coalesce(l.amount, 0) || ', their tax ' || coalesce(l.tax, 0)
                || '; booked net ' || coalesce(b.net, 0) || ', tax ' || coalesce(b.tax, 0)
            FROM invoicing.invoices i
            LEFT JOIN (SELECT invoice_id, sum(amount) AS amount, sum(tax) AS tax FROM invoicing.invoice_lines GROUP BY invoice_id) l ON l.invoice_id = i.id
            LEFT JOIN (
                SELECT e.invoice_id,
                    -coalesce(sum(p.amount) FILTER (WHERE p.account IN ('Revenue', 'DiscountsGiven')), 0) AS net,
                    -coalesce(sum(p.amount) FILTER (WHERE p.account = 'TaxPayable'), 0) AS tax
                FROM invoicing.ledger_entries e JOIN invoicing.ledger_postings p ON p.entry_id = e.id
                WHERE e.description = 'Client invoiced' GROUP BY e.invoice_id) b ON b.invoice_id = i.id
            WHERE i.total <> i.net + i.tax OR coalesce(l.amount, 0) <> i.net OR coalesce(l.tax, 0) <> i.tax
                OR coalesce(b.net, 0) <> i.net OR coalesce(b.tax, 0) <> i.tax
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
        ("earning not owed to its worker", """
            SELECT w.order_id || ': ' || w.amount || ' ' || w.currency || ' for ' || w.worker_id || ', booked '
                || coalesce(string_agg(p.amount || ' ' || p.currency || ' for ' || coalesce(p.worker_id, 'nobody'), ', '), 'nothing')
            FROM invoicing.worker_earnings w
            LEFT JOIN invoicing.ledger_entries e ON e.idempotency_key = 'earning-' || w.order_id
            LEFT JOIN invoicing.ledger_postings p ON p.entry_id = e.id AND p.account = 'WorkerPayables'
            GROUP BY w.order_id, w.amount, w.currency, w.worker_id
            HAVING count(p.id) <> 1 OR bool_or(p.amount <> -w.amount OR p.currency <> w.currency OR p.worker_id IS DISTINCT FROM w.worker_id)
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
