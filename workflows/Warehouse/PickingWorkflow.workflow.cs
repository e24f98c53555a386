using HelperPlatform.Workflows.Platform;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Warehouse;

/// <summary>
/// Picks an order's supplies (child of the order workflow, on the Warehouse queue): reserves the stock, buys
/// what is short from the contractor and waits durably for the delivery, then waits for warehouse staff to
/// confirm the kit is assembled (<c>OrderAssembled</c>). The workflow id comes from the order id.
/// </summary>
[Workflow]
public sealed class PickingWorkflow
{
    private PickRequest? request;
    private PickStage stage = PickStage.Reserving;
    /// <summary>Set as the assembly is confirmed, before it is written: a repeated confirmation gets this same answer.</summary>
    private KitAssembled? assembled;
    private bool recorded;

    public static string WorkflowId(Guid orderId) => $"pick-{orderId}";

    [WorkflowRun]
    public async Task<KitAssembled> RunAsync(PickRequest pick)
    {
        request = pick;
        // The reservation also moves the pick's record to the stage it leads to.
        while (await ReserveAsync(pick) is { Count: > 0 } shortages)
        {
            stage = PickStage.AwaitingDelivery;
            // A purchase the contractor did not deliver in time ends without a delivery; the loop then reserves
            // again and buys whatever is still short, so the order keeps waiting rather than failing.
            await Workflow.WhenAllAsync(shortages.Select(BuyAsync));
        }

        stage = PickStage.ReadyToAssemble;
        await Workflow.WaitConditionAsync(() => recorded && Workflow.AllHandlersFinished);
        return assembled!;
    }

    [WorkflowUpdateValidator(nameof(ConfirmAssembledAsync))]
    public void ValidateConfirmAssembled(StaffConfirmation confirmation)
    {
        if (stage is not (PickStage.ReadyToAssemble or PickStage.Assembled))
        {
            throw new ApplicationFailureException($"The kit cannot be confirmed as assembled while the pick is {stage}.", PickRefusals.WrongState);
        }
    }

    /// <summary>
    /// Warehouse staff confirm the kit is assembled. A repeated confirmation (a retry while the first is still being
    /// written) journals nothing more and gets the first one's answer once it is written.
    /// </summary>
    [WorkflowUpdate]
    public async Task<KitAssembled> ConfirmAssembledAsync(StaffConfirmation confirmation)
    {
        if (assembled is null)
        {
            assembled = new KitAssembled(Workflow.UtcNow, confirmation.StaffId);
            stage = PickStage.Assembled;
            await WarehouseSteps.ProgressAsync(new PickProgress(
                request!.OrderId,
                stage,
                null,
                WarehouseSteps.Event(request.OrderId, WarehouseEvents.OrderAssembled, confirmation.StaffId, assembled.AssembledAt)));
            recorded = true;
        }

        await Workflow.WaitConditionAsync(() => recorded);
        return assembled;
    }

    private static Task<IReadOnlyList<StockShortage>> ReserveAsync(PickRequest pick) =>
        Workflow.ExecuteLocalActivityAsync((IPickingActivities picks) => picks.ReserveStockAsync(pick), WarehouseSteps.Options);

    private static Task<ContractorDelivery?> BuyAsync(StockShortage shortage)
    {
        var purchase = new PurchaseOrderRequest(Workflow.NewGuid(), shortage.Sku, shortage.Missing);
        return Workflow.ExecuteChildWorkflowAsync(
            (CookiePurchaseWorkflow workflow) => workflow.RunAsync(purchase),
            new ChildWorkflowOptions
            {
                Id = CookiePurchaseWorkflow.WorkflowId(purchase.PurchaseOrderId),
                TaskQueue = BoundedContext.Warehouse.TaskQueue(),
                // Cookies on their way are worth having even if this order is cancelled: they go on the shelf.
                ParentClosePolicy = ParentClosePolicy.Abandon,
            });
    }
}
