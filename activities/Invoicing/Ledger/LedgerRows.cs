using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Activities.Invoicing.Ledger;

/// <summary>A stored journal entry (<see cref="JournalEntry"/>); PostgreSQL refuses to change or delete it.</summary>
public sealed class LedgerEntryRow
{
    public Guid Id { get; set; }

    /// <summary>Unique: the workflow's key, so a retried activity posts the entry once.</summary>
    public required string IdempotencyKey { get; set; }

    public Guid? InvoiceId { get; set; }

    public required string Description { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>What the entry books at Golden Hat (a charge, refund or payout), with <see cref="GoldenHatId"/>; null for the platform's own entries.</summary>
    public PaymentKind? GoldenHatKind { get; set; }

    /// <summary>Golden Hat's id of the charge, refund or payout: the key reconciliation matches its settlement report by.</summary>
    public string? GoldenHatId { get; set; }

    public List<LedgerPostingRow> Postings { get; set; } = [];
}

/// <summary>One posting of an entry: a debit is positive, a credit negative.</summary>
public sealed class LedgerPostingRow
{
    public long Id { get; set; }

    public Guid EntryId { get; set; }

    public LedgerAccount Account { get; set; }

    public required string Currency { get; set; }

    public decimal Amount { get; set; }

    /// <summary>Whom a <see cref="LedgerAccount.WorkerPayables"/> posting is owed to; null on other accounts.</summary>
    public string? WorkerId { get; set; }
}
