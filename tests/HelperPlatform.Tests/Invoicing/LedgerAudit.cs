using Npgsql;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>What <see cref="LedgerAudit.RunAsync"/> found in one database: the entries it read and every broken rule.</summary>
internal sealed record LedgerAuditResult(string Database, long Entries, IReadOnlyList<string> Problems);

/// <summary>
/// The ledger's invariants read straight from a database's <c>invoicing</c> schema, whatever wrote it: every entry
/// has two or more postings summing to zero per currency; every invoice's <c>Client invoiced</c> entry books its total
/// as receivable and its net and tax as its lines add them up; its credit notes are booked to <c>Refunds</c> (net) and
/// <c>TaxPayable</c> (their tax), never beyond the invoice's total or tax, and all of the tax once the whole total is
/// credited; its refunds never count beyond what was charged, and a refunded one has its credit note and left
/// Golden Hat's cash once, a requested or failed one neither; a manager's settlement outside Golden Hat settles exactly
/// the amount due and books it to <c>CashAtBank</c> (paid) or <c>BadDebts</c> (written off), the invoice's status says
/// so, and no invoice books to either without one; a paid, credited or settled invoice leaves nothing receivable; every
/// earning is owed to its worker by its entry.
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
            SELECT number || ': credit notes net ' || net || ', tax ' || tax || '; booked net ' || booked_net || ', tax ' || booked_tax FROM (
                SELECT i.number,
                    (SELECT coalesce(sum(c.amount - c.tax), 0) FROM invoicing.credit_notes c WHERE c.invoice_id = i.id) AS net,
                    (SELECT coalesce(sum(c.tax), 0) FROM invoicing.credit_notes c WHERE c.invoice_id = i.id) AS tax,
                    (SELECT coalesce(sum(p.amount), 0) FROM invoicing.ledger_entries e JOIN invoicing.ledger_postings p ON p.entry_id = e.id
                     WHERE e.invoice_id = i.id AND p.account = 'Refunds') AS booked_net,
                    (SELECT coalesce(sum(p.amount), 0) FROM invoicing.ledger_entries e JOIN invoicing.ledger_postings p ON p.entry_id = e.id
                     WHERE e.invoice_id = i.id AND e.description = 'Credit note issued' AND p.account = 'TaxPayable') AS booked_tax
                FROM invoicing.invoices i) AS invoice
            WHERE net <> booked_net OR tax <> booked_tax
            """),
        ("invoice credited beyond its total or tax, or fully credited with tax still owed", """
            SELECT i.number || ': total ' || i.total || ', tax ' || i.tax || '; credited ' || sum(c.amount) || ', tax ' || sum(c.tax)
            FROM invoicing.invoices i JOIN invoicing.credit_notes c ON c.invoice_id = i.id
            GROUP BY i.id, i.number, i.total, i.tax
            HAVING sum(c.amount) > i.total OR abs(sum(c.tax)) > abs(i.tax) OR (sum(c.amount) = i.total AND sum(c.tax) <> i.tax)
            """),
        ("invoice refunded beyond what was charged", """
            SELECT i.number || ': charged ' || (i.total - coalesce(q.amount, 0)) || ', refunds counted ' || sum(r.amount)
            FROM invoicing.invoices i
            JOIN invoicing.refunds r ON r.invoice_id = i.id AND r.status <> 'Failed'
            LEFT JOIN (SELECT invoice_id, sum(amount) AS amount FROM invoicing.credit_notes WHERE refund_id IS NULL GROUP BY invoice_id) q ON q.invoice_id = i.id
            GROUP BY i.id, i.number, i.total, q.amount
            HAVING sum(r.amount) > i.total - coalesce(q.amount, 0)
            """),
        ("refund not booked as it stands", """
            SELECT r.id || ' (' || r.status || ', ' || r.amount || '): credit note ' || coalesce(c.amount::text, 'none')
                || ', paid out of Golden Hat ' || coalesce((
                    SELECT sum(p.amount)::text FROM invoicing.ledger_entries e JOIN invoicing.ledger_postings p ON p.entry_id = e.id
                    WHERE e.golden_hat_kind = 'Refund' AND e.golden_hat_id = r.golden_hat_refund_id AND p.account = 'CashAtGoldenHat'), 'nothing')
            FROM invoicing.refunds r LEFT JOIN invoicing.credit_notes c ON c.refund_id = r.id
            WHERE CASE WHEN r.status = 'Refunded'
                THEN c.amount IS DISTINCT FROM r.amount OR c.id IS DISTINCT FROM r.credit_note_id OR (
                    SELECT sum(p.amount) FROM invoicing.ledger_entries e JOIN invoicing.ledger_postings p ON p.entry_id = e.id
                    WHERE e.golden_hat_kind = 'Refund' AND e.golden_hat_id = r.golden_hat_refund_id AND p.account = 'CashAtGoldenHat') IS DISTINCT FROM -r.amount
                ELSE c.id IS NOT NULL OR r.golden_hat_refund_id IS NOT NULL END
            """),
        ("settlement outside Golden Hat not booked as it stands", """
            SELECT i.number || ' (' || i.status || '): due ' || (i.total - coalesce(q.amount, 0)) || ', settled ' || coalesce(s.kind || ' ' || s.amount, 'nothing')
                || '; booked to CashAtBank ' || coalesce(b.bank, 0) || ', to BadDebts ' || coalesce(b.bad, 0)
            FROM invoicing.invoices i
            LEFT JOIN invoicing.invoice_settlements s ON s.invoice_id = i.id
            LEFT JOIN (SELECT invoice_id, sum(amount) AS amount FROM invoicing.credit_notes WHERE refund_id IS NULL GROUP BY invoice_id) q ON q.invoice_id = i.id
            LEFT JOIN (
                SELECT e.invoice_id,
                    sum(p.amount) FILTER (WHERE p.account = 'CashAtBank') AS bank,
                    sum(p.amount) FILTER (WHERE p.account = 'BadDebts') AS bad
                FROM invoicing.ledger_entries e JOIN invoicing.ledger_postings p ON p.entry_id = e.id
                WHERE p.account IN ('CashAtBank', 'BadDebts') GROUP BY e.invoice_id) b ON b.invoice_id = i.id
            WHERE CASE WHEN s.id IS NULL
                THEN i.status IN ('PaidOutsideGoldenHat', 'WrittenOff') OR coalesce(b.bank, 0) <> 0 OR coalesce(b.bad, 0) <> 0
                -- A settlement's kind is named as the status it gives the invoice.
                ELSE s.kind <> i.status OR s.amount <> i.total - coalesce(q.amount, 0)
                    OR coalesce(b.bank, 0) <> CASE WHEN s.kind = 'PaidOutsideGoldenHat' THEN s.amount ELSE 0 END
                    OR coalesce(b.bad, 0) <> CASE WHEN s.kind = 'WrittenOff' THEN s.amount ELSE 0 END END
            """),
        ("settled invoice still receivable", """
            SELECT i.number || ' (' || i.status || '): ' || sum(p.amount) || ' receivable'
            FROM invoicing.invoices i
            JOIN invoicing.ledger_entries e ON e.invoice_id = i.id
            JOIN invoicing.ledger_postings p ON p.entry_id = e.id AND p.account = 'ClientReceivables'
            WHERE i.status IN ('Paid', 'Credited', 'PaidOutsideGoldenHat', 'WrittenOff')
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
