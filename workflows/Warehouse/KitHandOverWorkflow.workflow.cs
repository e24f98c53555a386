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
    private KitIssued? issued;

    public static string WorkflowId(Guid orderId) => $"handover-{orderId}";

    [WorkflowRun]
    public async Task<KitIssued> RunAsync(HandOverRequest handOver)
    {
        request = handOver;
        await WarehouseSteps.ProgressAsync(new PickProgress(handOver.OrderId, PickStage.ReadyForHandOver, handOver.WorkerId, null));
        await Workflow.WaitConditionAsync(() => issued is not null);
        return issued!;
    }

    [WorkflowUpdateValidator(nameof(ConfirmIssuedAsync))]
    public void ValidateConfirmIssued(StaffConfirmation confirmation)
    {
        if (request is null || issued is not null)
        {
            throw new ApplicationFailureException("The kit was issued already.", PickRefusals.WrongState);
        }
    }

    /// <summary>Warehouse staff confirm the kit is in the assigned worker's hands.</summary>
    [WorkflowUpdate]
    public async Task<KitIssued> ConfirmIssuedAsync(StaffConfirmation confirmation)
    {
        var kit = new KitIssued(Workflow.UtcNow, confirmation.StaffId, request!.WorkerId);
        await WarehouseSteps.ProgressAsync(new PickProgress(
            request.OrderId,
            PickStage.Issued,
            request.WorkerId,
            WarehouseSteps.Event(request.OrderId, WarehouseEvents.OrderIssued, confirmation.StaffId, kit.IssuedAt, $$"""{"workerId":"{{request.WorkerId}}"}""")));
        issued = kit;
        return kit;
    }
}
