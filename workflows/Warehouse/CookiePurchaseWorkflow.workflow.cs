using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.Logging;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Warehouse;

/// <summary>
/// Buys cookies from the contractor and waits durably for the delivery: places the purchase order (the
/// activity's HTTP client retries quick failures; Temporal retries longer outages), then waits for the
/// delivery webhook's signal. A callback can be lost (the platform down longer than the contractor retries,
/// or a contractor that forgot the order), so while waiting it also asks the contractor, first after
/// <see cref="FirstCheckAfter"/> and then ever less often up to <see cref="LongestCheckInterval"/>; whichever
/// of the answer and the signal comes first counts. The workflow id comes from the purchase order id, so the
/// webhook finds it.
/// </summary>
[Workflow]
public sealed class CookiePurchaseWorkflow
{
    /// <summary>How long to wait for a delivery before the purchase is reported as overdue.</summary>
    public static readonly TimeSpan DeliveryDeadline = TimeSpan.FromDays(2);

    /// <summary>A normal delivery's callback comes well before this; asking sooner would only add load.</summary>
    public static readonly TimeSpan FirstCheckAfter = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan LongestCheckInterval = TimeSpan.FromHours(4);


    private ContractorDelivery? delivery;

    public static string WorkflowId(Guid purchaseOrderId) => $"cookie-purchase-{purchaseOrderId}";

    /// <returns>The delivery, or null when none came within <see cref="DeliveryDeadline"/>.</returns>
    [WorkflowRun]
    public async Task<ContractorDelivery?> RunAsync(PurchaseOrderRequest request)
    {
        await Workflow.ExecuteActivityAsync(
            (IContractorActivities contractor) => contractor.PlaceContractorOrderAsync(request),
            ContractorCall(new RetryPolicy
            {
                InitialInterval = TimeSpan.FromSeconds(5),
                BackoffCoefficient = 2,
                MaximumInterval = TimeSpan.FromMinutes(5),
                NonRetryableErrorTypes = [IContractorActivities.RejectedErrorType],
            }));
        await WaitForDeliveryAsync(request);
        return delivery;
    }

    private async Task WaitForDeliveryAsync(PurchaseOrderRequest request)
    {
        var deadline = Workflow.UtcNow + DeliveryDeadline;
        var interval = FirstCheckAfter;
        while (delivery is null && Workflow.UtcNow < deadline)
        {
            var remaining = deadline - Workflow.UtcNow;
            // The last check falls on the deadline itself: one more question before the purchase counts as overdue.
            if (!await Workflow.WaitConditionAsync(() => delivery is not null, interval < remaining ? interval : remaining))
            {
                delivery ??= await CheckAsync(request);
            }

            interval = interval * 2 < LongestCheckInterval ? interval * 2 : LongestCheckInterval;
        }
    }

    /// <summary>One question, not retried: the next check, later, is the retry, and a signal may come meanwhile.</summary>
    private static async Task<ContractorDelivery?> CheckAsync(PurchaseOrderRequest request)
    {
        try
        {
            return await Workflow.ExecuteActivityAsync(
                (IContractorActivities contractor) => contractor.CheckContractorOrderAsync(request),
                ContractorCall(new RetryPolicy { MaximumAttempts = 1 }));
        }
        catch (ActivityFailureException e)
        {
            Workflow.Logger.LogWarning(e, "Could not ask the contractor about purchase order {PurchaseOrderId}; asking again later", request.PurchaseOrderId);
            return null;
        }
    }

    private static ActivityOptions ContractorCall(RetryPolicy retries) => new()
    {
        TaskQueue = BoundedContext.Warehouse.TaskQueue(),
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = retries,
    };

    /// <summary>The webhook may signal more than once (the contractor's retries and duplicates); the first delivery counts.</summary>
    [WorkflowSignal]
    public Task DeliveredAsync(ContractorDelivery notice)
    {
        delivery ??= notice;
        return Task.CompletedTask;
    }
}
