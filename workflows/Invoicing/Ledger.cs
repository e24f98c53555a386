using System.Text.Json.Serialization;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>The ledger's accounts (docs/invoicing.md, "The ledger"); a balance is the sum of an account's postings.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LedgerAccount>))]
public enum LedgerAccount
{
    /// <summary>What clients owe (debit) or are owed (credit).</summary>
    ClientReceivables,

    /// <summary>Money Golden Hat holds for the platform: charges less fees, less refunds.</summary>
    CashAtGoldenHat,

    /// <summary>The services and surcharges invoiced, before discounts and tax.</summary>
    Revenue,

    /// <summary>The discounts the invoices gave (a contra-revenue account).</summary>
    DiscountsGiven,

    /// <summary>What credit notes gave back, net of the tax they gave back (a contra-revenue account).</summary>
    Refunds,

    /// <summary>Golden Hat's fees on charges.</summary>
    ProcessorFees,

    /// <summary>Tax invoiced, owed to the tax office.</summary>
    TaxPayable,

    /// <summary>What the platform owes workers; each posting names its worker, whose balance is the sum of theirs.</summary>
    WorkerPayables,

    /// <summary>The cost of the work done: each completed order's payout to its worker.</summary>
    WorkerEarnings,

    /// <summary>Managers' credits to workers: bonuses (debit) and corrections (credit).</summary>
    WorkerCredits,

    /// <summary>Workers' money sent to Golden Hat for payout and not yet paid: credited when sent, cleared when paid or returned.</summary>
    PayoutsInTransit,

    /// <summary>Money clients paid into the platform's bank account outside Golden Hat (transfers, cash) for their invoices.</summary>
    CashAtBank,

    /// <summary>Invoices written off as bad debts (an expense).</summary>
    BadDebts,
}

/// <summary>One side of a journal entry: a debit is positive, a credit negative, in the currency's major unit.</summary>
/// <param name="WorkerId">The worker a <see cref="LedgerAccount.WorkerPayables"/> posting is owed to; null on other accounts.</param>
public sealed record Posting(LedgerAccount Account, string Currency, decimal Amount, string? WorkerId = null);

/// <summary>
/// An immutable journal entry: two or more postings that sum to zero per currency. <see cref="IdempotencyKey"/>
/// is made in the workflow, so a retried activity posts it once; a correction is a new, reversing entry.
/// </summary>
/// <param name="InvoiceId">The invoice the entry belongs to; null for a worker's entries.</param>
/// <param name="GoldenHat">The money movement at Golden Hat the entry books, matched against its settlement report; null for the platform's own entries.</param>
public sealed record JournalEntry(string IdempotencyKey, Guid? InvoiceId, string Description, DateTimeOffset RecordedAt, IReadOnlyList<Posting> Postings, GoldenHatPayment? GoldenHat = null)
{
    /// <summary>Two or more postings, and every currency's postings sum to zero.</summary>
    public bool IsBalanced =>
        Postings.Count >= 2 && Postings.GroupBy(posting => posting.Currency, StringComparer.Ordinal).All(currency => currency.Sum(posting => posting.Amount) == 0m);
}

/// <summary>A charge, refund or payout by Golden Hat's id (docs/payouts.md, "Reconciliation").</summary>
public sealed record GoldenHatPayment(PaymentKind Kind, string Id);

/// <summary>The entries of the invoicing process (docs/invoicing.md, "The ledger"), in one place.</summary>
public static class LedgerEntries
{
    /// <summary>
    /// The invoice: the client owes its total; revenue is the service and surcharges, the discounts are given
    /// against it, and the tax is owed onwards.
    /// </summary>
    public static JournalEntry Invoiced(string key, Guid invoiceId, string currency, IReadOnlyList<InvoiceLine> lines, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var gross = lines.Where(line => line.Kind != InvoiceLineKind.Discount).Sum(line => line.Amount);
        var discounts = -lines.Where(line => line.Kind == InvoiceLineKind.Discount).Sum(line => line.Amount);
        var tax = lines.Sum(line => line.Tax);
        List<Posting> postings = [new(LedgerAccount.ClientReceivables, currency, gross - discounts + tax), new(LedgerAccount.Revenue, currency, -gross)];
        if (discounts != 0m)
        {
            postings.Add(new(LedgerAccount.DiscountsGiven, currency, discounts));
        }

        if (tax != 0m)
        {
            postings.Add(new(LedgerAccount.TaxPayable, currency, -tax));
        }

        return new JournalEntry(key, invoiceId, "Client invoiced", at, postings);
    }

    /// <summary>Golden Hat charged the client: the receivable is settled, Golden Hat holds the money less its fee.</summary>
    public static JournalEntry Charged(string key, Guid invoiceId, PaymentOutcome charge, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(charge);
        return new JournalEntry(key, invoiceId, $"Money charged ({charge.Id})", at,
        [
            new(LedgerAccount.CashAtGoldenHat, charge.Currency, charge.Amount - charge.Fee),
            new(LedgerAccount.ProcessorFees, charge.Currency, charge.Fee),
            new(LedgerAccount.ClientReceivables, charge.Currency, -charge.Amount),
        ], new GoldenHatPayment(PaymentKind.Charge, charge.Id));
    }

    /// <summary>
    /// A manager settled the invoice outside Golden Hat: what the client still owed is taken off the receivable, into the
    /// bank (paid outside Golden Hat) or into bad debts (written off).
    /// </summary>
    public static JournalEntry Settled(string key, Guid invoiceId, InvoiceSettlement settlement, string currency, decimal amount, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        var (account, description) = settlement.Kind == SettlementKind.PaidOutsideGoldenHat
            ? (LedgerAccount.CashAtBank, $"Paid outside Golden Hat ({settlement.Reference})")
            : (LedgerAccount.BadDebts, "Written off");
        return new JournalEntry(key, invoiceId, description, at,
        [
            new(account, currency, amount),
            new(LedgerAccount.ClientReceivables, currency, -amount),
        ]);
    }

    /// <summary>A completed order's payout: the work's cost, owed to its worker until paid out.</summary>
    public static JournalEntry Earned(string key, string workerId, Guid orderId, string currency, decimal amount, DateTimeOffset at) =>
        new(key, null, $"Worker earned (order {orderId})", at,
        [
            new(LedgerAccount.WorkerEarnings, currency, amount),
            new(LedgerAccount.WorkerPayables, currency, -amount, workerId),
        ]);

    /// <summary>A manager's credit to a worker: a bonus owes them more, a correction (negative) less.</summary>
    public static JournalEntry WorkerCredited(string key, string workerId, Guid creditId, string currency, decimal amount, DateTimeOffset at) =>
        new(key, null, $"Worker credited (credit {creditId})", at,
        [
            new(LedgerAccount.WorkerCredits, currency, amount),
            new(LedgerAccount.WorkerPayables, currency, -amount, workerId),
        ]);

    /// <summary>
    /// A credit note: the client owes <paramref name="amount"/> less (or is owed it back); <paramref name="tax"/> of it
    /// is tax no longer owed onwards, the rest is given back against revenue.
    /// </summary>
    public static JournalEntry Credited(string key, Guid invoiceId, string currency, decimal amount, decimal tax, DateTimeOffset at)
    {
        List<Posting> postings = [new(LedgerAccount.Refunds, currency, amount - tax), new(LedgerAccount.ClientReceivables, currency, -amount)];
        if (tax != 0m)
        {
            postings.Add(new(LedgerAccount.TaxPayable, currency, tax));
        }

        return new JournalEntry(key, invoiceId, "Credit note issued", at, postings);
    }

    /// <summary>Golden Hat paid a paid invoice's credit note back to the client's card.</summary>
    public static JournalEntry Refunded(string key, Guid invoiceId, PaymentOutcome refund, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(refund);
        return new JournalEntry(key, invoiceId, $"Client refunded ({refund.Id})", at,
        [
            new(LedgerAccount.ClientReceivables, refund.Currency, refund.Amount),
            new(LedgerAccount.CashAtGoldenHat, refund.Currency, -refund.Amount),
        ], new GoldenHatPayment(PaymentKind.Refund, refund.Id));
    }

    /// <summary>A payout sent to Golden Hat: the worker is owed that much less, the money is in transit until Golden Hat says.</summary>
    public static JournalEntry PayoutSent(string key, string workerId, Guid payoutId, string currency, decimal amount, DateTimeOffset at) =>
        new(key, null, $"Payout sent (payout {payoutId})", at,
        [
            new(LedgerAccount.WorkerPayables, currency, amount, workerId),
            new(LedgerAccount.PayoutsInTransit, currency, -amount),
        ]);

    /// <summary>Golden Hat paid the worker: the money left the platform's Golden Hat balance.</summary>
    public static JournalEntry PayoutPaid(string key, Guid payoutId, PaymentOutcome payout, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(payout);
        return new JournalEntry(key, null, $"Worker paid (payout {payoutId}, {payout.Id})", at,
        [
            new(LedgerAccount.PayoutsInTransit, payout.Currency, payout.Amount),
            new(LedgerAccount.CashAtGoldenHat, payout.Currency, -payout.Amount),
        ], new GoldenHatPayment(PaymentKind.Payout, payout.Id));
    }

    /// <summary>Golden Hat could not pay (a closed account): the money goes back to the worker's balance.</summary>
    public static JournalEntry PayoutReturned(string key, string workerId, Guid payoutId, PaymentOutcome payout, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(payout);
        return new JournalEntry(key, null, $"Payout failed, returned to the worker (payout {payoutId}, {payout.Id}: {payout.FailureCode})", at,
        [
            new(LedgerAccount.PayoutsInTransit, payout.Currency, payout.Amount),
            new(LedgerAccount.WorkerPayables, payout.Currency, -payout.Amount, workerId),
        ]);
    }
}
