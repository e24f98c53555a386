namespace HelperPlatform.Activities.Management.Quality;

public enum QualityReviewStatus
{
    Pending,
    Passed,
    Failed,
}

/// <summary>A sampled order's photos waiting for, or judged by, a manager.</summary>
public sealed class QualityReview
{
    public Guid OrderId { get; set; }

    public required string ClientId { get; set; }

    /// <summary>The flow's <c>qualityReview</c> step.</summary>
    public required string StepId { get; set; }

    /// <summary>Execution's photo report whose photos are reviewed.</summary>
    public Guid PhotoReportId { get; set; }

    public QualityReviewStatus Status { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public string? ManagerId { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset? CheckedAt { get; set; }
}

/// <summary>A failed order handed to quality control.</summary>
public sealed class QualityIncidentRecord
{
    public Guid Id { get; set; }

    public Guid OrderId { get; set; }

    public required string ClientId { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset RaisedAt { get; set; }
}
