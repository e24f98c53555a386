using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Execution;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace HelperPlatform.Activities.Execution.Reports;

/// <summary>
/// What the order workflow records in the execution schema, each stored once with its seed event; and the sweep of
/// reports no order took, which the order reconciliation runs.
/// </summary>
public sealed class ExecutionActivities(ExecutionDbContext db, TimeProvider time, IOptions<UnacceptedPhotoReportSettings> settings) : IExecutionActivities
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

    [Activity]
    public async Task<int> DiscardUnacceptedPhotoReportsAsync()
    {
        var context = ActivityExecutionContext.Current;
        var submittedBefore = time.GetUtcNow() - settings.Value.Grace;
        var unaccepted = await db.PhotoReports.AsNoTracking()
            .Where(report => report.Status == PhotoReportStatus.Submitted && report.SubmittedAt <= submittedBefore)
            .OrderBy(report => report.SubmittedAt)
            .Select(report => new { report.Id, report.OrderId })
            .ToListAsync(context.CancellationToken);
        var discarded = 0;
        foreach (var report in unaccepted)
        {
            context.Heartbeat();
            if (await NoOrderTookAsync(report.OrderId, report.Id))
            {
                discarded += await db.PhotoReports
                    .Where(stored => stored.Id == report.Id && stored.Status == PhotoReportStatus.Submitted)
                    .ExecuteDeleteAsync(context.CancellationToken);
            }
        }

        return discarded;
    }

    /// <returns>
    /// Whether the order's workflow has not taken the report (it has another, none, or is gone); false when it cannot
    /// be asked now, so the report waits for the next sweep. A workflow that took it marks it accepted before it closes.
    /// </returns>
    private static async Task<bool> NoOrderTookAsync(Guid orderId, Guid reportId)
    {
        var order = ActivityExecutionContext.Current.TemporalClient.GetWorkflowHandle<OrderWorkflow>(OrderWorkflow.WorkflowId(orderId));
        try
        {
            var answers = await order.QueryAsync(workflow => workflow.Answers());
            return answers.PhotoReport?.ReportId != reportId;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return true;
        }
        catch (Exception e) when (e is RpcException or WorkflowQueryFailedException or WorkflowQueryRejectedException)
        {
            return false;
        }
    }
}
