using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Warehouse;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;

namespace HelperPlatform.Tests.Warehouse;

/// <summary>
/// Determinism of the picking workflow: the pick of an order short of stock, which buys the shortfall from the
/// contractor as the completed order of <see cref="OrderReplayTests"/> does, driven through the real API and its
/// closed history replayed against the current code, and a recorded history of such a pick that ran with earlier
/// code replayed on every run, so a change that would break picks already running fails the build
/// (docs/warehouse.md, "Changing the workflow").
/// </summary>
public sealed class PickingReplayTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    /// <summary>The pick's history, recorded in <c>Warehouse/Histories</c>.</summary>
    private const string RecordedPickWithAPurchase = "pick-with-a-purchase.json";

    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task PickWithAContractorPurchase_ReplaysItsHistory()
    {
        // One cookie on the shelf for a kit of two: the pick buys the other from the contractor.
        var (client, order, _) = await flow.OrderAsync(stock: 1);
        await flow.AssembleAsync(order.Id);
        var replay = await WorkflowReplay.CreateAsync(fixture.Host);

        var pick = await replay.ClosedHistoryAsync(PickingWorkflow.WorkflowId(order.Id));

        await replay.AssertReplaysAsync(pick);
        AssertPickWithAPurchase(pick);
        await WorkflowReplay.RecordOnRequestAsync(pick, BoundedContext.Warehouse, RecordedPickWithAPurchase);
        client.Dispose();
    }

    [Fact]
    public async Task RecordedPickWithAPurchase_ReplaysAgainstTheCurrentPickingWorkflow()
    {
        var recorded = await WorkflowReplay.RecordedAsync(BoundedContext.Warehouse, RecordedPickWithAPurchase);
        var replay = await WorkflowReplay.CreateAsync(fixture.Host);

        await replay.AssertReplaysAsync(recorded);

        AssertPickWithAPurchase(recorded);
    }

    /// <summary>
    /// The shape of the pick, live or recorded: a reservation that came up short, the purchase child delivered, the
    /// reservation again, and the staff's confirmation as an update that records the kit assembled.
    /// </summary>
    private static void AssertPickWithAPurchase(WorkflowHistory history)
    {
        Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(history));
        Assert.Equal(["ReserveStock", "ReserveStock", "RecordPickProgress"], WorkflowReplay.LocalActivities(history));
        Assert.Equal([nameof(CookiePurchaseWorkflow)], WorkflowReplay.ChildWorkflows(history));
        Assert.Contains(history.Events, e => e.EventType == EventType.ChildWorkflowExecutionCompleted);
        Assert.Equal(["ConfirmAssembled"], WorkflowReplay.AcceptedUpdates(history));
    }
}
