using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Workflows.Execution;

/// <summary>An accepted check-in, with its <c>CheckedInViaApp</c> event for Execution's journal.</summary>
public sealed record CheckInRecord(Guid OrderId, string WorkerId, double Latitude, double Longitude, double DistanceMeters, SeedEvent Event);

/// <summary>The photos stored under <paramref name="ReportId"/> become the order's report, with its <c>PhotoReportSent</c> event.</summary>
public sealed record PhotoReportRecord(Guid OrderId, Guid ReportId, SeedEvent Event);

public static class ExecutionActivityNames
{
    /// <summary>Execution queue: stores the check-in and journals <c>CheckedInViaApp</c>; idempotent by the event id.</summary>
    public const string RecordCheckIn = "RecordCheckIn";

    /// <summary>Execution queue: marks the stored photos as the order's report and journals <c>PhotoReportSent</c>.</summary>
    public const string AcceptPhotoReport = "AcceptPhotoReport";
}
