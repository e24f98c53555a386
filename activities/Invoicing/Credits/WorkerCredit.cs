using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Activities.Invoicing.Credits;

/// <summary>A manager's credit to a worker and where it stands; once posted, its journal entry is what the worker is owed.</summary>
public sealed class WorkerCredit
{
    public Guid Id { get; set; }

    public required string WorkerId { get; set; }

    public required string Currency { get; set; }

    /// <summary>Positive for a bonus, negative for a correction.</summary>
    public decimal Amount { get; set; }

    public required string Reason { get; set; }

    public required string RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public WorkerCreditStatus Status { get; set; }

    /// <summary>The second manager who approved or rejected it, when it needed one.</summary>
    public string? DecidedBy { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When its journal entry was recorded; null until posted. A statement lists the credit by it.</summary>
    public DateTimeOffset? PostedAt { get; set; }
}
