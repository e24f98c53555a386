using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Temporalio.Common;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Warehouse;

/// <summary>What the warehouse's order workflows share: activity options and how they record progress.</summary>
internal static class WarehouseSteps
{
    /// <summary>
    /// The warehouse's own database work, as local activities in the Warehouse worker: retried until it succeeds, because the order waits durably. An
    /// activity in flight finishes before a cancelled pick closes, so a reservation it makes is released after.
    /// </summary>
    public static LocalActivityOptions Options { get; } = new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1) },
        CancellationType = ActivityCancellationType.WaitCancellationCompleted,
    };

    public static Task ProgressAsync(PickProgress progress) =>
        Workflow.ExecuteLocalActivityAsync((IPickingActivities picks) => picks.RecordPickProgressAsync(progress), Options);

    public static SeedEvent Event(Guid orderId, string type, string actor, DateTimeOffset at, string? dataJson = null) =>
        new(Workflow.NewGuid(), OrderingEvents.StreamId(orderId), type, actor, at, dataJson);
}
