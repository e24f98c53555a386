using HelperPlatform.Workflows.Execution;
using HelperPlatform.Workflows.Invoicing;
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
/// then Execution removes the photo reports no order took, and Invoicing releases the promotion code reservations of
/// quotes that expired without an order.
/// One run per pass, then continue-as-new, so its history stays short; the host starts it under <see cref="Id"/>.
/// </summary>
[Workflow]
public sealed class OrderReconciliationWorkflow
{
    /// <summary>The one reconciliation per namespace: a second start finds it running.</summary>
    public const string Id = "order-reconciliation";

    /// <summary>Unconfirmed reservations of expired quotes asked of Invoicing at a time; there are few (placements that failed, orders not started yet).</summary>
    private const int ReservationPageSize = 200;

    [WorkflowRun]
    public async Task RunAsync()
    {
        var pass = await Workflow.ExecuteActivityAsync((IOrderReconciliationActivities reconciliation) => reconciliation.FindLostOrdersAsync(), Durable(BoundedContext.Ordering));
        foreach (var lost in pass.Lost)
        {
            await RepairAsync(lost);
        }

        // The sweeps ask other contexts, each bounded by the period, so one not running delays no pass.
        await Workflow.WhenAllAsync(
            SweepPhotoReportsAsync(pass.NextPassIn),
            ReleaseUnplacedPromotionCodeUsesAsync(pass.UnplacedQuotesExpiredBefore, pass.NextPassIn),
            Workflow.DelayAsync(pass.NextPassIn));
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

    /// <summary>
    /// A promotion code's reservation counts until its order's workflow confirms it; a placement that reserved and
    /// failed before storing its order leaves one nothing confirms. Invoicing pages through its unconfirmed reservations
    /// of quotes expired long enough, Ordering keeps those whose quote has no order (a placement refuses an expired
    /// quote, so none can come), and Invoicing releases them. Every step is idempotent; a pass cut short, or an
    /// Invoicing that does not answer within the period, leaves the rest to the next pass.
    /// </summary>
    private static async Task ReleaseUnplacedPromotionCodeUsesAsync(DateTimeOffset quotesExpiredBefore, TimeSpan period)
    {
        var invoicing = Durable(BoundedContext.Invoicing);
        invoicing.ScheduleToCloseTimeout = period;
        try
        {
            IReadOnlyList<Guid> page;
            Guid? after = null;
            do
            {
                var query = new UnconfirmedUseQuery(quotesExpiredBefore, after, ReservationPageSize);
                page = await Workflow.ExecuteActivityAsync((IDiscountActivities discounts) => discounts.FindUnconfirmedPromotionCodeUsesAsync(query), invoicing);
                if (page.Count == 0)
                {
                    return;
                }

                var quoteIds = page;
                var unplaced = await Workflow.ExecuteActivityAsync((IOrderReconciliationActivities reconciliation) => reconciliation.FindQuotesWithoutOrderAsync(quoteIds), Durable(BoundedContext.Ordering));
                if (unplaced.Count > 0)
                {
                    await Workflow.ExecuteActivityAsync((IDiscountActivities discounts) => discounts.ReleaseUnplacedPromotionCodeUsesAsync(unplaced), invoicing);
                }

                after = page[^1];
            }
            while (page.Count == ReservationPageSize);
        }
        catch (ActivityFailureException)
        {
            // Invoicing did not answer within the period; the reservations wait for the next pass.
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
