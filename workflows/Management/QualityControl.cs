using HelperPlatform.Workflows.Platform;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Management;

/// <summary>A sampled order waits for a manager's review of the photos in <paramref name="PhotoReportId"/>.</summary>
public sealed record QualityReviewRequest(Guid OrderId, string ClientId, string StepId, Guid PhotoReportId);

/// <summary>A manager's verdict, with its <c>QualityChecked</c> event for Management's journal.</summary>
public sealed record QualityCheckRecord(Guid OrderId, string ManagerId, bool Passed, string? Note, SeedEvent Event);

/// <summary>A failed review, handed to quality control; <paramref name="IncidentId"/> is made by the order workflow.</summary>
public sealed record QualityIncident(Guid IncidentId, Guid OrderId, string ClientId, string? Note, DateTimeOffset RaisedAt);

/// <summary>Quality control's records, on the Management queue.</summary>
public interface IQualityActivities
{
    /// <summary>Opens the review managers see in their list; idempotent by order.</summary>
    [Activity]
    Task OpenQualityReviewAsync(QualityReviewRequest request);

    /// <summary>Stores the verdict and journals <c>QualityChecked</c>.</summary>
    [Activity]
    Task RecordQualityCheckAsync(QualityCheckRecord record);

    /// <summary>Records the incident for quality control; idempotent by incident id.</summary>
    [Activity]
    Task OpenQualityIncidentAsync(QualityIncident incident);
}
