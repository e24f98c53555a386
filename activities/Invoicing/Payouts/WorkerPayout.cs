using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Activities.Invoicing.Payouts;

/// <summary>A payout of a worker's money and where it stands; its journal entries are what moved.</summary>
public sealed class WorkerPayout
{
    public Guid Id { get; set; }

    public required string WorkerId { get; set; }

    public required string Currency { get; set; }

    public decimal Amount { get; set; }

    public required string Description { get; set; }

    public WorkerPayoutStatus Status { get; set; }

    /// <summary>How often it was sent to Golden Hat.</summary>
    public int Attempts { get; set; }

    public string? DestinationLast4 { get; set; }

    public DateTimeOffset? HeldUntil { get; set; }

    /// <summary>Golden Hat's reason for the last failure, e.g. <c>destination_closed</c>.</summary>
    public string? FailureCode { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
