using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Execution.Reports;

/// <summary>What the order workflow records in the execution schema; each is stored once with its seed event.</summary>
public sealed class ExecutionActivities(ExecutionDbContext db)
{
    [Activity(ExecutionActivityNames.RecordCheckIn)]
    public async Task RecordCheckInAsync(CheckInRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.JournalOnceAsync(record.Event, cancellationToken))
        {
            return;
        }

        db.CheckIns.Add(new CheckIn
        {
            OrderId = record.OrderId,
            WorkerId = record.WorkerId,
            Latitude = record.Latitude,
            Longitude = record.Longitude,
            DistanceMeters = record.DistanceMeters,
            CheckedInAt = record.Event.OccurredAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    [Activity(ExecutionActivityNames.AcceptPhotoReport)]
    public async Task AcceptPhotoReportAsync(PhotoReportRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.JournalOnceAsync(record.Event, cancellationToken))
        {
            return;
        }

        await db.PhotoReports
            .Where(report => report.Id == record.ReportId && report.OrderId == record.OrderId)
            .ExecuteUpdateAsync(
                setters => setters.SetProperty(report => report.Status, PhotoReportStatus.Accepted).SetProperty(report => report.AcceptedAt, record.Event.OccurredAt),
                cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
