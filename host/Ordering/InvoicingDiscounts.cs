using System.Diagnostics;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Temporalio.Client;

namespace HelperPlatform.Host.Ordering;

/// <summary>
/// Asks Invoicing, which owns discounts, while a client waits: the quote's discounts and, at placement, the
/// reservation of its promotion code's use. Ordering never reads the invoicing schema; it runs a small workflow on
/// its own queue whose activity runs on Invoicing's (docs/invoicing.md, "Discounts").
/// </summary>
/// <remarks>Each call throws <see cref="Temporalio.Exceptions.TemporalException"/> or <see cref="TimeoutException"/> when Invoicing cannot be asked.</remarks>
public sealed class InvoicingDiscounts(TemporalClientProvider temporal)
{
    /// <summary>Longer than the activity's budget, so an Invoicing that does not answer ends as an error, not a hung request.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    public Task<DiscountOffer> OfferAsync(Guid quoteId, DiscountQuery query) =>
        RunAsync(DiscountLookupWorkflow.WorkflowId(quoteId), (DiscountLookupWorkflow workflow) => workflow.RunAsync(query));

    public Task<PromotionCodeReservation> ReserveAsync(PromotionCodeUse use)
    {
        ArgumentNullException.ThrowIfNull(use);
        return RunAsync(PromotionCodeReservationWorkflow.WorkflowId(use.QuoteId, Guid.CreateVersion7()), (PromotionCodeReservationWorkflow workflow) => workflow.RunAsync(use));
    }

    private async Task<TResult> RunAsync<TWorkflow, TResult>(string workflowId, System.Linq.Expressions.Expression<Func<TWorkflow, Task<TResult>>> run)
    {
        var started = Stopwatch.GetTimestamp();
        var client = await temporal.GetClientAsync(CancellationToken.None).WaitAsync(CallTimeout);
        var remaining = CallTimeout - Stopwatch.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            throw new TimeoutException($"Temporal answered only after the discount call's {CallTimeout.TotalSeconds:0} s.");
        }

        return await client.ExecuteWorkflowAsync(run, new WorkflowOptions(workflowId, BoundedContext.Ordering.TaskQueue()) { ExecutionTimeout = remaining });
    }
}
