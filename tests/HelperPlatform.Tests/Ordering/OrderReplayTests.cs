using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Execution;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Onboarding;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Warehouse;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;

namespace HelperPlatform.Tests.Ordering;

/// <summary>
/// Determinism of the order workflow and its children: orders driven through the real API, their closed histories
/// replayed against the current code, and the recorded histories of two such orders replayed on every run, so a
/// change that would break orders already running fails the build (docs/ordering.md, "Changing the order workflow").
/// </summary>
public sealed class OrderReplayTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    /// <summary>The completed order below (a purchase, a decline, an accept and a passed review), recorded in <c>Ordering/Histories</c>.</summary>
    private const string RecordedCompletedOrder = "completed-order.json";

    /// <summary>The order without a review below, recorded likewise.</summary>
    private const string RecordedUnreviewedOrder = "unreviewed-order.json";

    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task CompletedOrder_WithAPurchaseADeclineAnAcceptAndAPassedReview_ReplaysTheOrderAndEveryChild()
    {
        // One cookie on the shelf for a kit of two: the pick buys the other from the contractor.
        var (client, order, sku) = await flow.OrderAsync(samplingPercent: 100, stock: 1);
        // At the address, the first worker ranks before the second, whose position is unknown.
        using var decliner = await flow.JoinPoolAsync(sku, OrderFlow.Latitude, OrderFlow.Longitude);
        using var worker = await flow.JoinPoolAsync(sku);
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        await flow.AssembleAsync(order.Id);
        var offer = await OrderFlow.OfferForAsync(decliner, order.Id);
        using var decline = await OrderFlow.AnswerAsync(decliner, offer.Id, accept: false);
        await flow.AcceptAsync(order.Id, worker);
        await flow.IssueAsync(order.Id);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingCheckIn);
        await flow.CheckInAndReportAsync(order.Id, worker);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.QualityReview);
        using var verdict = await OrderFlow.RecordVerdictAsync(manager, order.Id, passed: true);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.Completed);
        var replay = await WorkflowReplay.CreateAsync(fixture.Host);

        var orderHistory = await replay.ClosedHistoryAsync(OrderWorkflow.WorkflowId(order.Id));
        var pick = await replay.ClosedHistoryAsync(PickingWorkflow.WorkflowId(order.Id));
        var handOver = await replay.ClosedHistoryAsync(KitHandOverWorkflow.WorkflowId(order.Id));
        var purchase = await replay.ClosedHistoryAsync(WorkflowReplay.ChildWorkflowId(pick, nameof(CookiePurchaseWorkflow)));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NoContent), (decline.StatusCode, verdict.StatusCode));
        await replay.AssertReplaysAsync(orderHistory, pick, handOver, purchase);
        AssertCompletedOrder(orderHistory);
        // The placement stored the pick step's start: the order records nothing before its first matching round.
        Assert.Equal("OfferToBestCandidate", WorkflowReplay.LocalActivities(orderHistory)[0]);
        Assert.Empty(WorkflowReplay.Patches(orderHistory));
        Assert.Equal(["ReserveStock", "ReserveStock", "RecordPickProgress"], WorkflowReplay.LocalActivities(pick));
        Assert.Equal(["ConfirmAssembled"], WorkflowReplay.AcceptedUpdates(pick));
        Assert.Equal(["RecordPickProgress", "RecordPickProgress"], WorkflowReplay.LocalActivities(handOver));
        Assert.Equal(["ConfirmIssued"], WorkflowReplay.AcceptedUpdates(handOver));
        Assert.Equal(["PlaceContractorOrder"], WorkflowReplay.Activities(purchase));
        Assert.Contains(purchase.Events, e => e.WorkflowExecutionSignaledEventAttributes?.SignalName == "Delivered");
        Assert.All([pick, handOver, purchase], child => Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(child)));
        await WorkflowReplay.RecordOnRequestAsync(orderHistory, BoundedContext.Ordering, RecordedCompletedOrder);

        client.Dispose();
    }

    [Fact]
    public async Task CompletedOrder_WithoutAReview_RecordsItsCompletionWithThePhotoReport_AndReplays()
    {
        var (client, order, sku) = await flow.OrderAsync(samplingPercent: 0);
        using var worker = await flow.JoinPoolAsync(sku);
        await flow.BringToCheckInAsync(order.Id, worker);
        await flow.CheckInAndReportAsync(order.Id, worker);
        var completed = await flow.WaitForStatusAsync(order.Id, OrderStatus.Completed);
        var replay = await WorkflowReplay.CreateAsync(fixture.Host);
        var orderHistory = await replay.ClosedHistoryAsync(OrderWorkflow.WorkflowId(order.Id));

        await replay.AssertReplaysAsync(orderHistory);
        AssertUnreviewedOrder(orderHistory);
        Assert.Empty(WorkflowReplay.Patches(orderHistory));
        Assert.Equal(
            [ExecutionEvents.PhotoReportSent, OrderingEvents.OrderCompleted],
            completed.Timeline.Select(entry => entry.Type).TakeLast(2));
        await WorkflowReplay.RecordOnRequestAsync(orderHistory, BoundedContext.Ordering, RecordedUnreviewedOrder);
        client.Dispose();
    }

    [Fact]
    public async Task RecordedCompletedOrder_ReplaysAgainstTheCurrentOrderWorkflow()
    {
        var recorded = await WorkflowReplay.RecordedAsync(BoundedContext.Ordering, RecordedCompletedOrder);
        var replay = await WorkflowReplay.CreateAsync(fixture.Host);

        await replay.AssertReplaysAsync(recorded);

        AssertCompletedOrder(recorded);
        Assert.Empty(WorkflowReplay.Patches(recorded));
    }

    [Fact]
    public async Task RecordedUnreviewedOrder_ReplaysAgainstTheCurrentOrderWorkflow()
    {
        var recorded = await WorkflowReplay.RecordedAsync(BoundedContext.Ordering, RecordedUnreviewedOrder);
        var replay = await WorkflowReplay.CreateAsync(fixture.Host);

        await replay.AssertReplaysAsync(recorded);

        AssertUnreviewedOrder(recorded);
        Assert.Empty(WorkflowReplay.Patches(recorded));
    }

    [Fact]
    public async Task CancelledOrder_DuringTheHandOver_ReplaysItsCompensationsAndTheCancelledHandOver()
    {
        var (client, order, sku) = await flow.OrderAsync();
        using var worker = await flow.JoinPoolAsync(sku);
        await flow.AssembleAsync(order.Id);
        await flow.AcceptAsync(order.Id, worker);
        // Cancel once the hand-over child runs, so the cancellation has a child to stop.
        await flow.WaitForPickStageAsync(order.Id, PickStage.ReadyForHandOver);

        using var response = await client.Http.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { reason = "plans changed" });
        var cancelled = (await response.Content.ReadFromJsonAsync<CancelOrderResponse>())!;
        var replay = await WorkflowReplay.CreateAsync(fixture.Host);
        var orderHistory = await replay.ClosedHistoryAsync(OrderWorkflow.WorkflowId(order.Id));
        var pick = await replay.ClosedHistoryAsync(PickingWorkflow.WorkflowId(order.Id));
        var handOver = await replay.ClosedHistoryAsync(KitHandOverWorkflow.WorkflowId(order.Id));

        Assert.Equal(["stock-reservation-released", "worker-freed"], cancelled.Compensations);
        await replay.AssertReplaysAsync(orderHistory, pick, handOver);
        // The order workflow ends normally with the cancelled outcome; only the child it stopped is cancelled.
        Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(orderHistory));
        Assert.Equal(["AnswerOffer", "Cancel"], WorkflowReplay.AcceptedUpdates(orderHistory));
        Assert.Equal(["FindQualifiedWorkers", "ReleaseStockReservation"], WorkflowReplay.Activities(orderHistory));
        Assert.Equal(
            ["WithdrawOffers", "ReleaseWorker", "AdvanceOrder"],
            WorkflowReplay.LocalActivities(orderHistory)[^3..]);
        Assert.Contains(orderHistory.Events, e => e.EventType == EventType.RequestCancelExternalWorkflowExecutionInitiated);
        Assert.Contains(orderHistory.Events, e => e.EventType == EventType.ChildWorkflowExecutionCanceled);
        Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(pick));
        Assert.Equal(EventType.WorkflowExecutionCanceled, WorkflowReplay.ClosingEvent(handOver));
        client.Dispose();
    }

    [Fact]
    public async Task FailedReview_ReplaysTheAbandonedIncidentChildAndTheCoolDownTimer()
    {
        var (client, order, sku) = await flow.OrderAsync(samplingPercent: 100);
        using var worker = await flow.JoinPoolAsync(sku);
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        await flow.BringToCheckInAsync(order.Id, worker);
        await flow.CheckInAndReportAsync(order.Id, worker);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.QualityReview);
        using var verdict = await OrderFlow.RecordVerdictAsync(manager, order.Id, passed: false);
        await flow.WaitForAsync(order.Id, waiting => waiting.CurrentStep == "cool-down", "the fail branch's wait");
        using (flow.Host.Temporal.AutoSkipTime())
        {
            await flow.WaitForStatusAsync(order.Id, OrderStatus.Completed);
        }

        var replay = await WorkflowReplay.CreateAsync(fixture.Host);
        var orderHistory = await replay.ClosedHistoryAsync(OrderWorkflow.WorkflowId(order.Id));
        var incident = await replay.ClosedHistoryAsync(WorkflowReplay.ChildWorkflowId(orderHistory, nameof(QualityIncidentWorkflow)));

        Assert.Equal(HttpStatusCode.NoContent, verdict.StatusCode);
        await replay.AssertReplaysAsync(orderHistory, incident);
        Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(orderHistory));
        Assert.Equal(
            [nameof(PickingWorkflow), nameof(KitHandOverWorkflow), nameof(QualityIncidentWorkflow), nameof(InvoiceWorkflow)],
            WorkflowReplay.ChildWorkflows(orderHistory));
        Assert.Equal(
            ["RecordQualityCheck", "RecordWorkerReview", "SendNotification"],
            WorkflowReplay.Activities(orderHistory)[^3..]);
        Assert.Contains(orderHistory.Events, e => e.EventType == EventType.TimerFired);
        Assert.Equal(["OpenQualityIncident"], WorkflowReplay.Activities(incident));
        Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(incident));
        client.Dispose();
    }

    /// <summary>
    /// An unreviewed order: after matching, the order records the check-in step's start with the assignment and the
    /// check-in with the photo step's start; the photo report rides on the completion, recorded before Execution's
    /// record of it finished.
    /// </summary>
    private static void AssertUnreviewedOrder(WorkflowHistory history)
    {
        Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(history));
        Assert.Equal(["AnswerOffer", "CheckIn", "SubmitPhotoReport"], WorkflowReplay.AcceptedUpdates(history));
        Assert.Equal([nameof(PickingWorkflow), nameof(KitHandOverWorkflow), nameof(InvoiceWorkflow)], WorkflowReplay.ChildWorkflows(history));
        Assert.Equal(
            ["OfferToBestCandidate", "AssignWorker", .. Enumerable.Repeat("AdvanceOrder", 3)],
            WorkflowReplay.LocalActivities(history));
        Assert.Equal(
            ["FindQualifiedWorkers", "RecordCheckIn", "AcceptPhotoReport"],
            WorkflowReplay.Activities(history));

        var acceptScheduled = history.Events.Single(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == "AcceptPhotoReport").EventId;
        var acceptCompleted = history.Events.Single(e => e.ActivityTaskCompletedEventAttributes?.ScheduledEventId == acceptScheduled).EventId;
        var completionRecord = history.Events.Last(e => e.MarkerRecordedEventAttributes?.MarkerName == "core_local_activity").EventId;
        Assert.True(completionRecord < acceptCompleted);
    }

    /// <summary>
    /// The shape of the completed order, live or recorded: the offer declined then accepted as local activities (a
    /// matching round is one), both children, Execution's, Management's and Onboarding's records, and each person's
    /// action as an update.
    /// </summary>
    private static void AssertCompletedOrder(WorkflowHistory history)
    {
        Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(history));
        Assert.Equal(["AnswerOffer", "AnswerOffer", "CheckIn", "SubmitPhotoReport", "RecordQualityVerdict"], WorkflowReplay.AcceptedUpdates(history));
        // The invoice is started last, abandoned: the order closes without waiting for it.
        Assert.Equal([nameof(PickingWorkflow), nameof(KitHandOverWorkflow), nameof(InvoiceWorkflow)], WorkflowReplay.ChildWorkflows(history));
        Assert.Equal(
            ["OfferToBestCandidate", "CloseOffer", "OfferToBestCandidate", "AssignWorker"],
            WorkflowReplay.LocalActivities(history).Where(type => type != "AdvanceOrder"));
        Assert.Equal(
            ["FindQualifiedWorkers", "FindQualifiedWorkers", "RecordCheckIn", "AcceptPhotoReport",
             "OpenQualityReview", "RecordQualityCheck", "RecordWorkerReview"],
            WorkflowReplay.Activities(history));
    }
}
