using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Activities.Invoicing.Reconciliation;

/// <summary>A day whose settlement report was reconciled, and what the last run found.</summary>
public sealed class SettlementReconciliation
{
    public DateOnly Date { get; set; }

    public DateTimeOffset ReconciledAt { get; set; }

    public int LinesMatched { get; set; }

    public int Mismatches { get; set; }
}

/// <summary>
/// One line on which Golden Hat's settlement report and the ledger disagree, with both sides as they stood: Golden
/// Hat's (null when it lacks the line) and the ledger's (null when it lacks the entry).
/// </summary>
public sealed class SettlementMismatch
{
    public Guid Id { get; set; }

    public DateOnly Date { get; set; }

    public SettlementMismatchKind Kind { get; set; }

    /// <summary>Golden Hat's kind of line: charge, fee, refund or payout.</summary>
    public required string LineKind { get; set; }

    /// <summary>Golden Hat's id of the charge (for a charge or its fee), refund or payout.</summary>
    public required string GoldenHatId { get; set; }

    public string? GoldenHatReference { get; set; }

    public string? GoldenHatCurrency { get; set; }

    public decimal? GoldenHatAmount { get; set; }

    public Guid? LedgerEntryId { get; set; }

    /// <summary>The entry's idempotency key: which workflow step booked it.</summary>
    public string? LedgerEntryKey { get; set; }

    public string? LedgerDescription { get; set; }

    public string? LedgerCurrency { get; set; }

    public decimal? LedgerAmount { get; set; }
}
