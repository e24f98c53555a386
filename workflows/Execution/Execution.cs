using HelperPlatform.Workflows.Platform;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Execution;

/// <summary>An accepted check-in, with its <c>CheckedInViaApp</c> event for Execution's journal.</summary>
public sealed record CheckInRecord(Guid OrderId, string WorkerId, double Latitude, double Longitude, double DistanceMeters, SeedEvent Event);

/// <summary>The photos stored under <paramref name="ReportId"/> become the order's report, with its <c>PhotoReportSent</c> event.</summary>
public sealed record PhotoReportRecord(Guid OrderId, Guid ReportId, SeedEvent Event);

/// <summary>Execution's records of what a worker does on site, on the Execution queue.</summary>
public interface IExecutionActivities
{
    /// <summary>Stores the check-in and journals <c>CheckedInViaApp</c>; idempotent by the event id.</summary>
    [Activity]
    Task RecordCheckInAsync(CheckInRecord record);

    /// <summary>Marks the stored photos as the order's report and journals <c>PhotoReportSent</c>.</summary>
    [Activity]
    Task AcceptPhotoReportAsync(PhotoReportRecord record);

    /// <summary>
    /// Removes, with their photos, the reports still <c>Submitted</c> after <c>Execution:UnacceptedPhotoReports:Grace</c>
    /// that their order's workflow did not take (it has another report, none, or is gone): what a killed host or a
    /// failed update left behind. Returns how many it removed.
    /// </summary>
    [Activity]
    Task<int> DiscardUnacceptedPhotoReportsAsync();
}
