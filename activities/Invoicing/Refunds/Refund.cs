using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Activities.Invoicing.Refunds;

/// <summary>
/// A manager's refund of a paid invoice and where it stands. Stored when asked for, so it counts against what is left
/// to refund until it fails; once refunded, its credit note and journal entries are what went back.
/// </summary>
public sealed class Refund
{
    public Guid Id { get; set; }

    public Guid InvoiceId { get; set; }

    public required string Currency { get; set; }

    public decimal Amount { get; set; }

    public required string Reason { get; set; }

    public required string RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public RefundStatus Status { get; set; }

    /// <summary>Golden Hat's id of the refund, once it paid it.</summary>
    public string? GoldenHatRefundId { get; set; }

    /// <summary>The credit note that documents it, once refunded.</summary>
    public Guid? CreditNoteId { get; set; }

    /// <summary>Why Golden Hat did not refund it, when it failed.</summary>
    public string? FailureReason { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
