using HelperPlatform.Workflows.Platform;
using Temporalio.Common;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Warehouse;

/// <summary>
/// Buys cookies from the contractor and waits durably for the delivery: places the purchase order (the
/// activity's HTTP client retries quick failures; Temporal retries longer outages), then waits for the
/// delivery webhook's signal. The workflow id comes from the purchase order id, so the webhook finds it.
/// </summary>
[Workflow]
public sealed class CookiePurchaseWorkflow
{
    /// <summary>How long to wait for a delivery before the purchase is reported as overdue.</summary>
    public static readonly TimeSpan DeliveryDeadline = TimeSpan.FromDays(2);

    private ContractorDelivery? delivery;

    public static string WorkflowId(Guid purchaseOrderId) => $"cookie-purchase-{purchaseOrderId}";

    /// <returns>The delivery, or null when none came within <see cref="DeliveryDeadline"/>.</returns>
    [WorkflowRun]
    public async Task<ContractorDelivery?> RunAsync(PurchaseOrderRequest request)
    {
        await Workflow.ExecuteActivityAsync(
            (IContractorActivities contractor) => contractor.PlaceContractorOrderAsync(request),
            new ActivityOptions
            {
                TaskQueue = BoundedContext.Warehouse.TaskQueue(),
                StartToCloseTimeout = TimeSpan.FromSeconds(30),
                RetryPolicy = new RetryPolicy
                {
                    InitialInterval = TimeSpan.FromSeconds(5),
                    BackoffCoefficient = 2,
                    MaximumInterval = TimeSpan.FromMinutes(5),
                    NonRetryableErrorTypes = [IContractorActivities.RejectedErrorType],
                },
            });
        await Workflow.WaitConditionAsync(() => delivery is not null, DeliveryDeadline);
        return delivery;
    }

    /// <summary>The webhook may signal more than once (the contractor's retries and duplicates); the first delivery counts.</summary>
    [WorkflowSignal]
    public Task DeliveredAsync(ContractorDelivery notice)
    {
        delivery ??= notice;
        return Task.CompletedTask;
    }
}
