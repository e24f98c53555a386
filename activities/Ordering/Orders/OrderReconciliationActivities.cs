using HelperPlatform.Activities.Platform.Workflows;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Ordering.Orders;

/// <summary>Finds open orders whose workflow Temporal no longer runs, which <see cref="OrderReconciliationWorkflow"/> repairs, and quotes no order was placed with.</summary>
public sealed class OrderReconciliationActivities(OrderingDbContext db, TimeProvider time, IOptions<ReconciliationSettings> settings) : IOrderReconciliationActivities
{
    private static readonly OrderStatus[] ClosedStatuses = [OrderStatus.Completed, OrderStatus.Cancelled, OrderStatus.Failed];

    [Activity]
    public async Task<ReconciliationPass> FindLostOrdersAsync()
    {
        var context = ActivityExecutionContext.Current;
        var updatedBefore = time.GetUtcNow() - settings.Value.Grace;
        var open = await db.Orders.AsNoTracking()
            .Where(order => !ClosedStatuses.Contains(order.Status) && order.UpdatedAt <= updatedBefore)
            // Still where its placement stored it: the placement outbox (UnstartedOrderStarter) starts it.
            .Where(order => order.UpdatedAt != order.PlacedAt)
            .OrderBy(order => order.UpdatedAt)
            .Select(order => new { order.Id, order.WorkerId })
            .ToListAsync(context.CancellationToken);
        var lost = new List<LostOrder>();
        foreach (var order in open)
        {
            context.Heartbeat();
            if (await LostWorkflows.WhyLostAsync(context.TemporalClient, OrderWorkflow.WorkflowId(order.Id)) is { } reason)
            {
                lost.Add(new LostOrder(order.Id, order.WorkerId, reason));
            }
        }

        return new ReconciliationPass(lost, settings.Value.Period, time.GetUtcNow() - settings.Value.ExpiredQuoteMargin);
    }

    [Activity]
    public async Task<IReadOnlyList<Guid>> FindQuotesWithoutOrderAsync(IReadOnlyList<Guid> quoteIds)
    {
        ArgumentNullException.ThrowIfNull(quoteIds);
        var placed = await db.Orders.AsNoTracking()
            .Where(order => quoteIds.Contains(order.QuoteId))
            .Select(order => order.QuoteId)
            .ToListAsync(ActivityExecutionContext.Current.CancellationToken);
        return quoteIds.Except(placed).ToList();
    }
}
