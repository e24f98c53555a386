using System.Text.Json;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Ordering.Orders;

/// <summary>Answers other contexts' questions about orders from Ordering's own journal and orders.</summary>
public sealed class OrderFactsActivities(OrderingDbContext db) : IOrderFactsActivities
{
    [Activity]
    public Task<int> CountOrdersCompletedAsync(DateTimeOffset from, DateTimeOffset until) =>
        db.Events.CountAsync(
            e => e.Type == OrderingEvents.OrderCompleted && e.OccurredAt >= from && e.OccurredAt < until,
            ActivityExecutionContext.Current.CancellationToken);

    [Activity]
    public async Task<QualityReviewFact> QualityReviewOfAsync(Guid orderId)
    {
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        var verdict = await db.Events
            .Where(e => e.StreamId == OrderingEvents.StreamId(orderId) && e.Type == ManagementEvents.QualityChecked)
            .Select(e => e.DataJson)
            .FirstOrDefaultAsync(cancellationToken);
        if (verdict is not null)
        {
            using var data = JsonDocument.Parse(verdict);
            return data.RootElement.GetProperty("passed").GetBoolean() ? QualityReviewFact.Passed : QualityReviewFact.Failed;
        }

        var status = await db.Orders.Where(order => order.Id == orderId).Select(order => (OrderStatus?)order.Status).SingleOrDefaultAsync(cancellationToken);
        return status is null or OrderStatus.Completed or OrderStatus.Cancelled ? QualityReviewFact.NoReview : QualityReviewFact.Pending;
    }
}
