using HelperPlatform.Workflows.Execution;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Warehouse;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>
/// Repairs orders whose workflow was lost (an in-memory dev server restarted, ops terminated it): every period it
/// finds them (<see cref="IOrderReconciliationActivities.FindLostOrdersAsync"/>) and, through each context's own
/// idempotent activities, puts their stock back (Warehouse, which also closes the pick), withdraws their open offers
/// and frees their worker (Ordering), marks them <see cref="OrderStatus.Failed"/> with the reason and tells managers;
/// then Execution removes the photo reports no order took.
/// One run per pass, then continue-as-new, so its history stays short; the host starts it under <see cref="Id"/>.
/// </summary>
[Workflow]
public sealed class OrderReconciliationWorkflow
{
    /// <summary>The one reconciliation per namespace: a second start finds it running.</summary>
    public const string Id = "order-reconciliation";

    [WorkflowRun]
    public async Task RunAsync()
    {
        var pass = await Workflow.ExecuteActivityAsync((IOrderReconciliationActivities reconciliation) => reconciliation.FindLostOrdersAsync(), Durable(BoundedContext.Ordering));
        foreach (var lost in pass.Lost)
        {
            await RepairAsync(lost);
        }

        await SweepPhotoReportsAsync(pass.NextPassIn);
        await Workflow.DelayAsync(pass.NextPassIn);
        throw Workflow.CreateContinueAsNewException((OrderReconciliationWorkflow workflow) => workflow.RunAsync());
    }

    /// <summary>The order's failure is recorded last: a pass cut short finds the order open again and repeats the idempotent rest.</summary>
    private static async Task RepairAsync(LostOrder lost)
    {
        var orderId = lost.OrderId;
        var compensations = new List<string>();
        if (await Workflow.ExecuteActivityAsync((IPickingActivities picks) => picks.ReleaseStockReservationAsync(orderId), Durable(BoundedContext.Warehouse)))
        {
            compensations.Add("stock-reservation-released");
        }

        if (await Workflow.ExecuteActivityAsync((IOrderActivities orders) => orders.WithdrawOffersAsync(orderId), Durable(BoundedContext.Ordering)) > 0)
        {
            compensations.Add("offers-withdrawn");
        }

        if (await Workflow.ExecuteActivityAsync((IOrderActivities orders) => orders.ReleaseWorkerAsync(orderId), Durable(BoundedContext.Ordering)))
        {
            compensations.Add("worker-freed");
        }

        var data = System.Text.Json.JsonSerializer.Serialize(new { reason = lost.Reason, compensations });
        var failed = new SeedEvent(Workflow.NewGuid(), OrderingEvents.StreamId(orderId), OrderingEvents.OrderFailed, "platform", Workflow.UtcNow, data);
        var progress = new OrderProgress(orderId, OrderStatus.Failed, null, lost.WorkerId, [failed]);
        await Workflow.ExecuteActivityAsync((IOrderActivities orders) => orders.AdvanceOrderAsync(progress), Durable(BoundedContext.Ordering));
        var notification = new Notification(
            Workflow.NewGuid(),
            OrderNotifications.Managers,
            "An order failed: its workflow was lost",
            $"Order {orderId} could not go on ({lost.Reason}). It is marked failed; its stock, offers and worker were freed ({string.Join(", ", compensations.DefaultIfEmpty("nothing was held"))}). Tell the client and place it again if needed.",
            OrderingEvents.StreamId(orderId));
        await Workflow.ExecuteActivityAsync((INotificationActivities sender) => sender.SendNotificationAsync(notification), Durable(BoundedContext.Onboarding));
    }

    /// <summary>
    /// Execution's reports no order took (a host killed between storing the photos and offering them) are removed.
    /// Bounded by the period, so an Execution that does not answer never holds up the repair of lost orders; the next
    /// pass tries again.
    /// </summary>
    private static async Task SweepPhotoReportsAsync(TimeSpan period)
    {
        var options = Durable(BoundedContext.Execution);
        options.ScheduleToCloseTimeout = period;
        try
        {
            await Workflow.ExecuteActivityAsync((IExecutionActivities execution) => execution.DiscardUnacceptedPhotoReportsAsync(), options);
        }
        catch (ActivityFailureException)
        {
            // Out of time this pass; the reports wait for the next.
        }
    }

    /// <summary>Each context's activity on its own queue, retried until that context answers.</summary>
    private static ActivityOptions Durable(BoundedContext context) => new()
    {
        TaskQueue = context.TaskQueue(),
        StartToCloseTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1) },
    };
}
