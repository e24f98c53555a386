using HelperPlatform.Workflows.Ordering;

namespace HelperPlatform.Activities.Ordering.Orders;

/// <summary>How an order workflow's record changes the read model, for every activity that stores one.</summary>
public static class OrderRecords
{
    /// <summary>The statuses a closed order has, as the read model stores them.</summary>
    private static readonly string[] Closed = [nameof(OrderStatus.Completed), nameof(OrderStatus.Cancelled), nameof(OrderStatus.Failed)];

    /// <summary>
    /// The update of the order's status, step and worker, as the statement that follows
    /// <see cref="Platform.Persistence.SeedEventJournalling.ExecuteJournalledAsync"/>'s journal: a retry whose events are
    /// journalled already changes the order no more; a closed order is never reopened, so a late record from a cancelled
    /// flow cannot overwrite the cancellation; and an order's worker, once recorded, stays (a record made before the
    /// assignment that lands after it, e.g. the matching step's start racing a manager's assignment, changes nothing).
    /// </summary>
    public static FormattableString Progress(OrderProgress progress, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return $"""
            UPDATE ordering.orders
            SET status = {progress.Status.ToString()}, current_step_id = {progress.StepId}, worker_id = {progress.WorkerId}, updated_at = {now}
            WHERE id = {progress.OrderId} AND status <> ALL ({Closed}) AND (worker_id IS NULL OR worker_id = {progress.WorkerId})
                AND EXISTS (SELECT 1 FROM journalled_now)
            """;
    }
}
