using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Execution;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Execution.Reports;

/// <summary>What the order workflow records in the execution schema; each is stored once with its seed event.</summary>
public sealed class ExecutionActivities(ExecutionDbContext db) : IExecutionActivities
{
    [Activity]
    public Task RecordCheckInAsync(CheckInRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return db.ExecuteJournalledAsync(
            [record.Event],
            $"""
            INSERT INTO execution.check_ins (order_id, worker_id, latitude, longitude, distance_meters, checked_in_at)
            SELECT {record.OrderId}, {record.WorkerId}, {record.Latitude}, {record.Longitude}, {record.DistanceMeters}, {record.Event.OccurredAt.ToUniversalTime()}
            WHERE EXISTS (SELECT 1 FROM journalled_now)
            """,
            ActivityExecutionContext.Current.CancellationToken);
    }

    [Activity]
    public Task AcceptPhotoReportAsync(PhotoReportRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return db.ExecuteJournalledAsync(
            [record.Event],
            $"""
            UPDATE execution.photo_reports
            SET status = {nameof(PhotoReportStatus.Accepted)}, accepted_at = {record.Event.OccurredAt.ToUniversalTime()}
            WHERE id = {record.ReportId} AND order_id = {record.OrderId} AND EXISTS (SELECT 1 FROM journalled_now)
            """,
            ActivityExecutionContext.Current.CancellationToken);
    }
}
