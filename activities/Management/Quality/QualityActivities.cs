using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Management;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Management.Quality;

/// <summary>Quality control in the management schema; each activity is idempotent (by order, event or incident id).</summary>
public sealed class QualityActivities(ManagementDbContext db, TimeProvider time) : IQualityActivities
{
    [Activity]
    public async Task OpenQualityReviewAsync(QualityReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO management.quality_reviews (order_id, client_id, step_id, photo_report_id, status, opened_at)
            VALUES ({request.OrderId}, {request.ClientId}, {request.StepId}, {request.PhotoReportId}, {nameof(QualityReviewStatus.Pending)}, {time.GetUtcNow()})
            ON CONFLICT (order_id) DO NOTHING
            """,
            ActivityExecutionContext.Current.CancellationToken);
    }

    [Activity]
    public async Task RecordQualityCheckAsync(QualityCheckRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.JournalOnceAsync(record.Event, cancellationToken))
        {
            return;
        }

        await db.QualityReviews
            .Where(review => review.OrderId == record.OrderId)
            .ExecuteUpdateAsync(
                setters => setters
                    .SetProperty(review => review.Status, record.Passed ? QualityReviewStatus.Passed : QualityReviewStatus.Failed)
                    .SetProperty(review => review.ManagerId, record.ManagerId)
                    .SetProperty(review => review.Note, record.Note)
                    .SetProperty(review => review.CheckedAt, record.Event.OccurredAt),
                cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    [Activity]
    public async Task OpenQualityIncidentAsync(QualityIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO management.quality_incidents (id, order_id, client_id, note, raised_at)
            VALUES ({incident.IncidentId}, {incident.OrderId}, {incident.ClientId}, {incident.Note}, {incident.RaisedAt})
            ON CONFLICT (id) DO NOTHING
            """,
            ActivityExecutionContext.Current.CancellationToken);
    }
}
