using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Workflows.Management;

/// <summary>A sampled order waits for a manager's review of the photos in <paramref name="PhotoReportId"/>.</summary>
public sealed record QualityReviewRequest(Guid OrderId, string ClientId, string StepId, Guid PhotoReportId);

/// <summary>A manager's verdict, with its <c>QualityChecked</c> event for Management's journal.</summary>
public sealed record QualityCheckRecord(Guid OrderId, string ManagerId, bool Passed, string? Note, SeedEvent Event);

/// <summary>A failed review, handed to quality control; <paramref name="IncidentId"/> is made by the order workflow.</summary>
public sealed record QualityIncident(Guid IncidentId, Guid OrderId, string ClientId, string? Note, DateTimeOffset RaisedAt);

public static class QualityActivityNames
{
    /// <summary>Management queue: opens the review managers see in their list; idempotent by order.</summary>
    public const string OpenReview = "OpenQualityReview";

    /// <summary>Management queue: stores the verdict and journals <c>QualityChecked</c>.</summary>
    public const string RecordCheck = "RecordQualityCheck";

    /// <summary>Management queue: records the incident for quality control; idempotent by incident id.</summary>
    public const string OpenIncident = "OpenQualityIncident";
}
