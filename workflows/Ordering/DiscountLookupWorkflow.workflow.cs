using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using Temporalio.Common;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>
/// Asks Invoicing, which owns discounts, for a quote's discounts while the client waits. Ordering never reads the
/// invoicing schema, so it asks the Invoicing worker on its task queue.
/// </summary>
[Workflow]
public sealed class DiscountLookupWorkflow
{
    public static string WorkflowId(Guid quoteId) => $"discount-lookup-{quoteId}";

    [WorkflowRun]
    public Task<DiscountOffer> RunAsync(DiscountQuery query) =>
        Workflow.ExecuteActivityAsync((IDiscountActivities discounts) => discounts.OfferDiscountsAsync(query), InvoicingAsked.WhileAClientWaits);
}

internal static class InvoicingAsked
{
    /// <summary>
    /// A client waits: a worker not polling Invoicing's queue within a few seconds means Invoicing is not running
    /// (the schedule-to-start timeout is not retried), and the API answers without it or with a 503.
    /// </summary>
    public static ActivityOptions WhileAClientWaits { get; } = new()
    {
        TaskQueue = BoundedContext.Invoicing.TaskQueue(),
        ScheduleToStartTimeout = TimeSpan.FromSeconds(3),
        StartToCloseTimeout = TimeSpan.FromSeconds(5),
        ScheduleToCloseTimeout = TimeSpan.FromSeconds(12),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(200), MaximumAttempts = 3 },
    };
}
