using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Activities.Invoicing.Invoices;

/// <summary>An issued invoice, immutable but for its status and the charge that paid it.</summary>
public sealed class Invoice
{
    public Guid Id { get; set; }

    /// <summary>The year's series and number, e.g. <c>INV-2026-000042</c>: gapless within a year (docs/invoicing.md, "Numbering").</summary>
    public required string Number { get; set; }

    public int Year { get; set; }

    public int Sequence { get; set; }

    public Guid OrderId { get; set; }

    public required string ClientId { get; set; }

    public required string Currency { get; set; }

    public decimal Net { get; set; }

    public decimal Tax { get; set; }

    public decimal Total { get; set; }

    public InvoiceStatus Status { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public string? ChargeId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<InvoiceLineRow> Lines { get; set; } = [];

    public List<CreditNote> CreditNotes { get; set; } = [];

    public List<Refunds.Refund> Refunds { get; set; } = [];

    /// <summary>A manager's settlement outside Golden Hat, when the invoice was settled so.</summary>
    public InvoiceSettlementRow? Settlement { get; set; }
}

/// <summary>One stored line of an invoice (<see cref="InvoiceLine"/>).</summary>
public sealed class InvoiceLineRow
{
    public Guid InvoiceId { get; set; }

    public int Position { get; set; }

    public InvoiceLineKind Kind { get; set; }

    public required string Description { get; set; }

    public decimal Amount { get; set; }

    public decimal Tax { get; set; }

    public string? TaxRounding { get; set; }
}

/// <summary>
/// A credit note against an invoice, numbered in its own series (<c>CN-2026-000001</c>): a failed quality check's credit
/// of the unpaid invoice, or the record of a refund of the paid one.
/// </summary>
public sealed class CreditNote
{
    public Guid Id { get; set; }

    public required string Number { get; set; }

    public int Year { get; set; }

    public int Sequence { get; set; }

    public Guid InvoiceId { get; set; }

    public required string Currency { get; set; }

    /// <summary>What it credits, tax included.</summary>
    public decimal Amount { get; set; }

    /// <summary>The invoice's tax it gives back (<see cref="CreditNoteTax"/>); zero when the invoice has none.</summary>
    public decimal Tax { get; set; }

    public string? TaxRounding { get; set; }

    /// <summary>The refund it documents; null for a credit of the unpaid invoice.</summary>
    public Guid? RefundId { get; set; }

    public required string Reason { get; set; }

    public DateTimeOffset IssuedAt { get; set; }
}

/// <summary>
/// A manager's settlement of an invoice outside Golden Hat (<see cref="InvoiceSettlement"/>): paid by bank transfer or
/// cash, or written off. One per invoice; its id comes from the manager's idempotency key.
/// </summary>
public sealed class InvoiceSettlementRow
{
    public Guid Id { get; set; }

    public Guid InvoiceId { get; set; }

    public SettlementKind Kind { get; set; }

    public required string Currency { get; set; }

    /// <summary>What it settled: the amount due when it was settled.</summary>
    public decimal Amount { get; set; }

    public string? Reference { get; set; }

    public DateOnly? PaidOn { get; set; }

    public string? Reason { get; set; }

    public required string SettledBy { get; set; }

    public DateTimeOffset SettledAt { get; set; }

    /// <summary>The settlement as the manager asked for it, to tell a retry from another request under the same key.</summary>
    public InvoiceSettlement AsRequested() => new(Id, InvoiceId, Kind, Kind == SettlementKind.PaidOutsideGoldenHat ? Amount : null, Reference, PaidOn, Reason, SettledBy);
}

/// <summary>The last number a document series gave in a year; incremented in the transaction that issues the next document.</summary>
public sealed class DocumentCounter
{
    public required string Series { get; set; }

    public int Year { get; set; }

    public int LastNumber { get; set; }
}
