using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Warehouse;
using HelperPlatform.Activities.Warehouse.Contractor;
using HelperPlatform.Activities.Warehouse.Picking;
using HelperPlatform.Host.Warehouse;
using HelperPlatform.Tests.Warehouse;
using HelperPlatform.Workflows.Execution;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using BehaviourChange = HelperPlatform.Contractor.BehaviourChange;

namespace HelperPlatform.Tests.Ordering;

/// <summary>
/// An order whose pick is short of stock while the cookie contractor (the simulator as a separate service,
/// reached over HTTP) refuses every purchase order: the order waits durably and goes on once it works again.
/// </summary>
public sealed class ContractorOutageOrderTests(ContractorFixture fixture) : IClassFixture<ContractorFixture>
{
    /// <summary>One call and the HTTP pipeline's four retries: what one attempt of the activity sends.</summary>
    private const int CallsPerActivityAttempt = 5;

    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task Order_WhileTheContractorRefusesThenRecovers_WaitsThenBuysOnceAndCompletes()
    {
        var behaviour = fixture.Contractor.Behaviour;
        var refusedBefore = behaviour.RefusedOrders;
        behaviour.Apply(new BehaviourChange(FailNextOrders: int.MaxValue, null, null, null));
        var (client, order, sku) = await flow.OrderAsync(stock: 1);
        using var worker = await flow.JoinPoolAsync(sku);
        var purchaseOrderId = await PurchaseOrderIdAsync(sku);
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(flow.Host.Temporal.Address));
        var purchase = temporal.GetWorkflowHandle(CookiePurchaseWorkflow.WorkflowId(purchaseOrderId));
        await WaitForPlaceOrderRetryAsync(temporal, purchase.Id);

        // Down: the pick waits for the delivery with nothing reserved; the contractor has not accepted anything.
        var waiting = await flow.WaitForStatusAsync(order.Id, OrderStatus.Picking);
        var placedWhileDown = await PurchaseOrderAsync(purchaseOrderId);
        Assert.Equal(PickStage.AwaitingDelivery, await flow.PickStageAsync(order.Id));
        using (var warehouse = await flow.Host.CreateClientAsync(PlatformRoles.Warehouse))
        {
            var awaitingDelivery = await warehouse.GetFromJsonAsync<List<PickResponse>>("/api/warehouse/picks?stage=AwaitingDelivery");
            Assert.Contains(awaitingDelivery!, pick => pick.OrderId == order.Id);
        }

        Assert.Equal([OrderingEvents.HelpRequested], waiting.Timeline.Select(entry => entry.Type));
        Assert.Equal((PurchaseOrderStatus.Placed, 1, (DateTimeOffset?)null), (placedWhileDown.Status, placedWhileDown.Quantity, placedWhileDown.ExpectedDeliveryAt));
        Assert.Null(fixture.Contractor.Orders.Find(purchaseOrderId));
        Assert.Equal(1, await flow.OnHandAsync(sku));
        Assert.Empty(await ReservationsAsync(order.Id));

        // Up again: the activity's next Temporal retry (5 s after the failed attempt) places the order.
        behaviour.Apply(new BehaviourChange(FailNextOrders: 0, null, null, null));
        await flow.Host.Temporal.SkipTimeAsync(TimeSpan.FromSeconds(5));
        await flow.AssembleAsync(order.Id);

        var delivered = await PurchaseOrderAsync(purchaseOrderId);
        var accepted = Assert.Single(fixture.Contractor.Orders.Accepted, accepted => accepted.Order.Sku == sku);
        var lastAttempt = await PlaceOrderAttemptsAsync(purchase);
        Assert.Equal(purchaseOrderId, accepted.Order.PurchaseOrderId);
        Assert.Equal(1, accepted.AcknowledgedCallbacks);
        Assert.True(lastAttempt >= 2, $"The purchase order was placed at attempt {lastAttempt}, without a Temporal retry.");
        Assert.Equal(CallsPerActivityAttempt * (lastAttempt - 1), behaviour.RefusedOrders - refusedBefore);
        Assert.Equal((PurchaseOrderStatus.Delivered, accepted.DeliveryId), (delivered.Status, delivered.DeliveryId));
        Assert.NotNull(delivered.ExpectedDeliveryAt);
        Assert.Equal(1, await flow.WithAsync<WarehouseDbContext, int>(db => db.PurchaseOrders.CountAsync(p => p.Sku == sku)));
        Assert.Equal(0, await flow.OnHandAsync(sku));
        var reserved = Assert.Single(await ReservationsAsync(order.Id));
        Assert.Equal((sku, 2, ReservationStatus.Reserved), (reserved.Sku, reserved.Quantity, reserved.Status));

        // The order goes on as if nothing had happened.
        await flow.AcceptAsync(order.Id, worker);
        await flow.IssueAsync(order.Id);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingCheckIn);
        using var checkIn = await OrderFlow.CheckInAsync(worker, order.Id);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingPhotoReport);
        using var photos = await OrderFlow.SendPhotosAsync(worker, order.Id, ("one.png", OrderFlow.Png), ("two.png", OrderFlow.Png));
        var done = await flow.WaitForStatusAsync(order.Id, OrderStatus.Completed);

        Assert.Equal(HttpStatusCode.OK, checkIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, photos.StatusCode);
        Assert.Equal(
            [OrderingEvents.HelpRequested, WarehouseEvents.OrderAssembled, OrderingEvents.WorkerAssigned, WarehouseEvents.OrderIssued,
             ExecutionEvents.CheckedInViaApp, ExecutionEvents.PhotoReportSent, OrderingEvents.OrderCompleted],
            done.Timeline.Select(entry => entry.Type));
        Assert.Equal(ReservationStatus.Issued, Assert.Single(await ReservationsAsync(order.Id)).Status);
        Assert.Equal(0, await flow.OnHandAsync(sku));
        client.Dispose();
    }

    /// <summary>The purchase order is recorded before it is sent, so its row names the purchase workflow.</summary>
    private async Task<Guid> PurchaseOrderIdAsync(string sku)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var ids = await flow.WithAsync<WarehouseDbContext, List<Guid>>(db => db.PurchaseOrders.Where(p => p.Sku == sku).Select(p => p.Id).ToListAsync());
            if (ids.Count > 0)
            {
                return Assert.Single(ids);
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"No purchase order for {sku} was recorded.");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Waits until the first attempt of the place-order activity has failed (the HTTP pipeline gave up) and the
    /// next one waits out Temporal's retry backoff: only then does skipping time reach the retry.
    /// </summary>
    private static async Task WaitForPlaceOrderRetryAsync(TemporalClient temporal, string purchaseWorkflowId)
    {
        var describe = new DescribeWorkflowExecutionRequest { Namespace = temporal.Options.Namespace, Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = purchaseWorkflowId } };
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!(await temporal.WorkflowService.DescribeWorkflowExecutionAsync(describe)).PendingActivities.Any(activity =>
                   activity.ActivityType.Name == "PlaceContractorOrder"
                   && activity.Attempt >= 2
                   && activity.State == PendingActivityState.Scheduled
                   && activity.LastFailure is not null))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The place-order activity never failed over to a Temporal retry.");
            await Task.Delay(50);
        }
    }

    /// <summary>The attempt that placed the order, from the purchase workflow's history.</summary>
    private static async Task<int> PlaceOrderAttemptsAsync(WorkflowHandle purchase)
    {
        var events = (await purchase.FetchHistoryAsync()).Events;
        var scheduled = Assert.Single(events, e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == "PlaceContractorOrder");
        var started = Assert.Single(events, e => e.ActivityTaskStartedEventAttributes?.ScheduledEventId == scheduled.EventId);
        Assert.Contains(events, e => e.ActivityTaskCompletedEventAttributes?.ScheduledEventId == scheduled.EventId);
        return started.ActivityTaskStartedEventAttributes.Attempt;
    }

    private Task<PurchaseOrder> PurchaseOrderAsync(Guid id) =>
        flow.WithAsync<WarehouseDbContext, PurchaseOrder>(db => db.PurchaseOrders.AsNoTracking().SingleAsync(p => p.Id == id));

    private Task<List<StockReservation>> ReservationsAsync(Guid orderId) =>
        flow.WithAsync<WarehouseDbContext, List<StockReservation>>(db => db.Reservations.AsNoTracking().Where(r => r.OrderId == orderId).ToListAsync());
}
