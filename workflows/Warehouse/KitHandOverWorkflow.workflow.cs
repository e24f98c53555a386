using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Warehouse;

/// <summary>
/// Hands an order's assembled kit to its assigned worker (child of the order workflow, on the Warehouse
/// queue): the pick shows whom it is for, and warehouse staff confirm the hand-over (<c>OrderIssued</c>),
/// which consumes the stock reservation.
/// </summary>
[Workflow]
public sealed class KitHandOverWorkflow
{
    private HandOverRequest? request;
    /// <summary>Set as the hand-over is confirmed, before it is written: a repeated confirmation gets this same answer.</summary>
    private KitIssued? issued;
    private bool recorded;

    public static string WorkflowId(Guid orderId) => $"handover-{orderId}";

    [WorkflowRun]
    public async Task<KitIssued> RunAsync(HandOverRequest handOver)
    {
        request = handOver;
        await WarehouseSteps.ProgressAsync(new PickProgress(handOver.OrderId, PickStage.ReadyForHandOver, handOver.WorkerId, null));
        await Workflow.WaitConditionAsync(() => recorded && Workflow.AllHandlersFinished);
        return issued!;
    }

    [WorkflowUpdateValidator(nameof(ConfirmIssuedAsync))]
    public void ValidateConfirmIssued(StaffConfirmation confirmation)
    {
        if (request is null)
        {
            throw new ApplicationFailureException("The kit is not ready for hand-over yet.", PickRefusals.WrongState);
        }
    }

    /// <summary>
    /// Warehouse staff confirm the kit is in the assigned worker's hands. A repeated confirmation (a retry while the
    /// first is still being written) journals nothing more and gets the first one's answer once it is written.
    /// </summary>
    [WorkflowUpdate]
    public async Task<KitIssued> ConfirmIssuedAsync(StaffConfirmation confirmation)
    {
        if (issued is null)
        {
            issued = new KitIssued(Workflow.UtcNow, confirmation.StaffId, request!.WorkerId);
            await WarehouseSteps.ProgressAsync(new PickProgress(
                request.OrderId,
                PickStage.Issued,
                request.WorkerId,
                WarehouseSteps.Event(request.OrderId, WarehouseEvents.OrderIssued, confirmation.StaffId, issued.IssuedAt, $$"""{"workerId":"{{request.WorkerId}}"}""")));
            recorded = true;
        }

        await Workflow.WaitConditionAsync(() => recorded);
        return issued;
    }
}
