using HelperPlatform.Activities.Warehouse.Contractor;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Warehouse;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using BehaviourChange = HelperPlatform.Contractor.BehaviourChange;

namespace HelperPlatform.Tests.Warehouse;

/// <summary>
/// A delivery whose callback never arrives, and a contractor that forgot the purchase (the simulator over
/// HTTP, the real dev server skipping time): the purchase asks the contractor while it waits, and completes.
/// </summary>
public sealed class LostDeliveryTests(ContractorFixture fixture) : IClassFixture<ContractorFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Purchase_WhoseCallbackIsNeverSent_CompletesByAskingTheContractor()
    {
        var request = new PurchaseOrderRequest(Guid.NewGuid(), WarehouseBooks.UniqueSku(), 24);
        fixture.Contractor.Behaviour.Apply(new BehaviourChange(null, null, null, null, HoldCallbacks: true));
        try
        {
            var purchase = await StartPurchaseAsync(request);
            await WaitUntilAsync(() => fixture.Contractor.Orders.Find(request.PurchaseOrderId)?.DeliveredAt is not null);

            await SkipToFirstCheckAsync(purchase);
            var delivery = await purchase.GetResultAsync().WaitAsync(Patience);

            var accepted = fixture.Contractor.Orders.Find(request.PurchaseOrderId)!;
            var order = await WarehouseBooks.PurchaseOrderAsync(fixture.Host, request.PurchaseOrderId);
            Assert.Equal(0, accepted.AcknowledgedCallbacks);
            Assert.Equal((accepted.DeliveryId, request.PurchaseOrderId, 24), (delivery!.DeliveryId, delivery.PurchaseOrderId, delivery.Quantity));
            Assert.Equal((PurchaseOrderStatus.Delivered, accepted.DeliveryId), (order!.Status, order.DeliveryId));
            Assert.Equal(24, await WarehouseBooks.OnHandAsync(fixture.Host, request.Sku));
        }
        finally
        {
            fixture.Contractor.Behaviour.Apply(new BehaviourChange(null, null, null, null, HoldCallbacks: false));
        }
    }

    [Fact]
    public async Task Purchase_TheContractorForgot_IsPlacedAgainWithTheSameIdAndCompletes()
    {
        var request = new PurchaseOrderRequest(Guid.NewGuid(), WarehouseBooks.UniqueSku(), 8);
        var usualDelay = fixture.Contractor.Behaviour.DeliveryDelay;
        fixture.Contractor.Behaviour.Apply(new BehaviourChange(null, null, null, DeliveryDelay: TimeSpan.FromHours(1)));
        var purchase = await StartPurchaseAsync(request);
        await WaitUntilAsync(() => fixture.Contractor.Orders.Find(request.PurchaseOrderId) is not null);
        fixture.Contractor.Orders.ForgetAll();
        fixture.Contractor.Behaviour.Apply(new BehaviourChange(null, null, null, DeliveryDelay: usualDelay));

        await SkipToFirstCheckAsync(purchase);
        var delivery = await purchase.GetResultAsync().WaitAsync(Patience);

        var replaced = fixture.Contractor.Orders.Find(request.PurchaseOrderId);
        var order = await WarehouseBooks.PurchaseOrderAsync(fixture.Host, request.PurchaseOrderId);
        Assert.NotNull(replaced);
        Assert.Equal((request.Sku, 8), (replaced.Order.Sku, replaced.Order.Quantity));
        Assert.Equal(replaced.DeliveryId, delivery!.DeliveryId);
        Assert.Equal((PurchaseOrderStatus.Delivered, replaced.DeliveryId), (order!.Status, order.DeliveryId));
        Assert.Equal(8, await WarehouseBooks.OnHandAsync(fixture.Host, request.Sku));
    }

    [Fact]
    public async Task Callback_ArrivingAfterThePurchaseCompletedByAsking_ChangesNothing()
    {
        var request = new PurchaseOrderRequest(Guid.NewGuid(), WarehouseBooks.UniqueSku(), 5);
        var behaviour = fixture.Contractor.Behaviour;
        behaviour.Apply(new BehaviourChange(null, null, null, null, HoldCallbacks: true));
        ContractorDelivery? delivery;
        try
        {
            var purchase = await StartPurchaseAsync(request);
            await WaitUntilAsync(() => fixture.Contractor.Orders.Find(request.PurchaseOrderId)?.DeliveredAt is not null);
            await SkipToFirstCheckAsync(purchase);
            delivery = await purchase.GetResultAsync().WaitAsync(Patience);
        }
        finally
        {
            behaviour.Apply(new BehaviourChange(null, null, null, null, HoldCallbacks: false));
        }

        var accepted = fixture.Contractor.Orders.Find(request.PurchaseOrderId)!;
        await WaitUntilAsync(() => accepted.AcknowledgedCallbacks == 1);

        var order = await WarehouseBooks.PurchaseOrderAsync(fixture.Host, request.PurchaseOrderId);
        Assert.Equal((PurchaseOrderStatus.Delivered, delivery!.DeliveryId), (order!.Status, order.DeliveryId));
        Assert.Equal(5, await WarehouseBooks.OnHandAsync(fixture.Host, request.Sku));
    }

    private async Task<WorkflowHandle<CookiePurchaseWorkflow, ContractorDelivery?>> StartPurchaseAsync(PurchaseOrderRequest request)
    {
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Host.Temporal.Address));
        return await client.StartWorkflowAsync(
            (CookiePurchaseWorkflow workflow) => workflow.RunAsync(request),
            new WorkflowOptions(CookiePurchaseWorkflow.WorkflowId(request.PurchaseOrderId), BoundedContext.Warehouse.TaskQueue()));
    }

    /// <summary>Waits until the purchase waits on its first check's timer, then moves the clock to that check.</summary>
    private async Task SkipToFirstCheckAsync(WorkflowHandle purchase)
    {
        await WaitUntilAsync(async () => (await purchase.FetchHistoryAsync()).Events.Any(e => e.EventType == EventType.TimerStarted));
        await fixture.Host.Temporal.SkipTimeAsync(CookiePurchaseWorkflow.FirstCheckAfter);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"the condition did not hold within {Patience.TotalSeconds} seconds");
            await Task.Delay(50);
        }
    }
}
