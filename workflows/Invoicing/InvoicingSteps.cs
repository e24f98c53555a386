using HelperPlatform.Workflows.Platform;
using Temporalio.Common;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>What Invoicing's workflows share: how they run their activities and how they tell people.</summary>
internal static class InvoicingSteps
{
    /// <summary>Invoicing's own records, local activities retried until the database is back, as the order's are.</summary>
    public static LocalActivityOptions OwnRecords { get; } = new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1) },
    };

    /// <summary>
    /// Golden Hat: down for minutes or hours, the request is retried forever with capped backoff under the same
    /// idempotency key, so it never charges or pays twice; a request it refuses as invalid is not retried.
    /// </summary>
    public static ActivityOptions GoldenHat { get; } = new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy
        {
            InitialInterval = TimeSpan.FromSeconds(1),
            BackoffCoefficient = 2,
            // At most a minute between attempts, so payments settle within about a minute of Golden Hat's return
            // (capped at 5 minutes, the long fault run's invoices waited 512 s after a 5-minute outage).
            MaximumInterval = TimeSpan.FromMinutes(1),
            NonRetryableErrorTypes = [IPaymentActivities.RejectedErrorType],
        },
    };

    /// <summary>Another context's activity on its queue, retried until that context answers.</summary>
    public static ActivityOptions Durable(BoundedContext context) => new()
    {
        TaskQueue = context.TaskQueue(),
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1) },
    };

    /// <summary>An idempotency key made in the workflow, so every retry of the activity that uses it sends the same one.</summary>
    public static string Key(string purpose) => $"{purpose}-{Workflow.NewGuid()}";

    /// <summary>Sends a message through Onboarding's notifications, filed under <paramref name="reference"/>.</summary>
    public static Task NotifyAsync(string recipient, string subject, string body, string reference)
    {
        var notification = new Notification(Workflow.NewGuid(), recipient, subject, body, reference);
        return Workflow.ExecuteActivityAsync((INotificationActivities sender) => sender.SendNotificationAsync(notification), Durable(BoundedContext.Onboarding));
    }
}
