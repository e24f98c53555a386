using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;

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
            if (await WhatBecameOfAsync(OrderWorkflow.WorkflowId(order.Id)) is { } reason)
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

    /// <returns>Why the workflow cannot close its order any more; null while it runs (or when it completed, which closed it).</returns>
    private static async Task<string?> WhatBecameOfAsync(string workflowId)
    {
        try
        {
            var description = await ActivityExecutionContext.Current.TemporalClient.GetWorkflowHandle(workflowId).DescribeAsync();
            return description.Status switch
            {
                WorkflowExecutionStatus.Terminated => "workflow terminated",
                WorkflowExecutionStatus.Failed => "workflow failed",
                WorkflowExecutionStatus.TimedOut => "workflow timed out",
                WorkflowExecutionStatus.Canceled => "workflow cancelled",
                _ => null,
            };
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return "workflow not found";
        }
    }
}
