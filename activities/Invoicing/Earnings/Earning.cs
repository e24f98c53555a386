using HelperPlatform.Workflows.Ordering;

namespace HelperPlatform.Activities.Invoicing.Earnings;

/// <summary>
/// One completed order's earning, as <c>WorkerEarning</c> fixed it (one per order); what the worker is owed is in
/// the ledger's <c>WorkerPayables</c> postings, booked with it.
/// </summary>
public sealed class Earning
{
    public Guid OrderId { get; set; }

    public required string WorkerId { get; set; }

    public required string ServiceTypeCode { get; set; }

    public int ServiceTypeVersion { get; set; }

    public required string Currency { get; set; }

    public decimal Payout { get; set; }

    public QualityOutcome Quality { get; set; }

    public int KeptPercent { get; set; }

    public decimal Amount { get; set; }

    public string? Rounding { get; set; }

    public DateTimeOffset EarnedAt { get; set; }
}
