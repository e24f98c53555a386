using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Platform;
using Temporalio.Common;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>
/// Prices a quote while the client waits. Ordering never reads the management schema, so it asks the
/// Management worker for the published service type, then prices and stores the quote on its own queue.
/// The workflow id is the quote id, so a repeated start cannot make a second quote.
/// </summary>
[Workflow]
public sealed class QuoteWorkflow
{
    public static string WorkflowId(Guid quoteId) => $"quote-{quoteId}";

    /// <returns>The stored quote, or null when the service type has no published version.</returns>
    [WorkflowRun]
    public async Task<PricedQuote?> RunAsync(QuoteRequest request)
    {
        var serviceType = await Workflow.ExecuteActivityAsync<PublishedServiceType?>(
            ServiceTypeActivityNames.FindPublished,
            [request.ServiceTypeCode],
            Quick(BoundedContext.Management));
        if (serviceType is null)
        {
            return null;
        }

        return await Workflow.ExecuteActivityAsync<PricedQuote>(
            QuoteActivityNames.PriceAndStore,
            [request, serviceType],
            Quick(BoundedContext.Ordering));
    }

    /// <summary>A client waits for the answer: a few quick attempts, then the API answers 503 rather than hang.</summary>
    private static ActivityOptions Quick(BoundedContext context) => new()
    {
        TaskQueue = context.TaskQueue(),
        StartToCloseTimeout = TimeSpan.FromSeconds(5),
        ScheduleToCloseTimeout = TimeSpan.FromSeconds(15),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(200), MaximumAttempts = 3 },
    };
}
