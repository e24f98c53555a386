using System.Globalization;
using System.Linq.Expressions;
using HelperPlatform.Workflows.Execution;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Onboarding;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Warehouse;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>
/// One order from <c>HelpRequested</c> to completion (Ordering queue, workflow id from the order id). It
/// interprets the fulfilment flow of the service type version the order pinned, step by step
/// (docs/service-types.md, "How a flow runs"); people's actions arrive as updates, each refused unless the
/// order is at the step it belongs to. A client may cancel until the worker checks in; the cancellation stops
/// the flow and runs the compensations before it answers. The order's own record is written through
/// <see cref="OrderRecorder"/>, which batches it to one write a step.
/// </summary>
[Workflow]
public sealed partial class OrderWorkflow
{
    private readonly OrderRequest order;
    private readonly OrderRecorder records;
    private readonly CancellationTokenSource flowCancellation;
    private ServiceTerms? terms;
    private FlowStep? currentStep;
    private FlowStep? upcomingStep;
    private string? workerId;
    private bool bookingInFlight;
    /// <summary>The worker being booked while <see cref="bookingInFlight"/>: a repeated assignment of them waits for that booking's answer.</summary>
    private string? bookingFor;
    private bool pickStarted;
    private Task<KitAssembled>? picking;
    private CheckInAccepted? checkIn;
    private CheckInRecord? checkInRecord;
    private PhotoReportAccepted? photoReport;
    private PhotoReportRecord? photoReportRecord;
    private QualityVerdict? verdict;
    private SeedEvent? verdictEvent;
    private bool cancelRequested;
    private bool completing;
    private OrderCancelled? cancelled;

    /// <summary>Invoicing's records of the order's promotion code use (confirmation, release): nothing waits for them until the workflow closes.</summary>
    private readonly List<Task> promotionCodeUses = [];

    [WorkflowInit]
    public OrderWorkflow(OrderRequest request, PublishedServiceType serviceType)
    {
        order = request;
        records = new OrderRecorder(request.OrderId, request.Start, OwnRecords);
        flowCancellation = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
    }

    public static string WorkflowId(Guid orderId) => $"order-{orderId}";

    /// <param name="serviceType">The version the order pinned, as published: its terms and the flow this run interprets.</param>
    [WorkflowRun]
    public async Task<OrderOutcome> RunAsync(OrderRequest request, PublishedServiceType serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceType.Code != order.ServiceTypeCode || serviceType.Version != order.ServiceTypeVersion)
        {
            throw new ApplicationFailureException(
                $"The order pins service type '{order.ServiceTypeCode}' version {order.ServiceTypeVersion}, not '{serviceType.Code}' version {serviceType.Version}.",
                nonRetryable: true);
        }

        terms = serviceType.Terms;
        if (order.PromotionCode is not null)
        {
            var (quoteId, orderId) = (order.QuoteId, order.OrderId);
            promotionCodeUses.Add(Workflow.ExecuteActivityAsync(
                (IDiscountActivities discounts) => discounts.ConfirmPromotionCodeUseAsync(quoteId, orderId), Durable(BoundedContext.Invoicing)));
        }

        try
        {
            await RunStepsAsync(FulfilmentFlow.Read(serviceType.DefinitionJson), flowCancellation.Token);
        }
        catch (Exception) when (cancelRequested)
        {
            // The cancel update stopped the flow wherever it was; it runs the compensations and records the end.
            await Workflow.WaitConditionAsync(() => cancelled is not null && Workflow.AllHandlersFinished);
            await Workflow.WhenAllAsync(promotionCodeUses);
            return new OrderOutcome(order.OrderId, OrderStatus.Cancelled, null);
        }

        currentStep = null;
        completing = true;
        var quality = verdict is null ? QualityOutcome.NotReviewed : verdict.Passed ? QualityOutcome.Passed : QualityOutcome.Failed;
        var completed = new CompletedOrder(
            order.OrderId, order.ClientId, order.QuoteId, workerId!, order.ServiceTypeCode, order.ServiceTypeVersion, order.Currency, order.Price,
            terms.WorkerPayout, quality, terms.QualityRefundPercent, terms.QualityPayoutPercent, Workflow.UtcNow);
        // At once, with an action's event still waiting (an unreviewed order's photo report) while Execution's record of it may still run.
        await AdvanceAsync(OrderStatus.Completed, OrderingEvents.OrderCompleted, "platform");
        // The result (what invoicing takes) comes once the other contexts' records of the order are stored too.
        await records.SettleRecordsElsewhereAsync();
        await Workflow.WhenAllAsync(promotionCodeUses);
        await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished);
        await StartInvoiceAsync(completed);
        return new OrderOutcome(order.OrderId, OrderStatus.Completed, completed);
    }

    /// <summary>
    /// Hands the order to invoicing without waiting for it: the client's invoice workflow, abandoned by this one, on
    /// the Invoicing queue. Temporal starts it whether or not an Invoicing worker runs (it waits for one), so a down
    /// Invoicing never holds an order up, and its id from the order id starts it once.
    /// </summary>
    private static async Task StartInvoiceAsync(CompletedOrder completed) =>
        await Workflow.StartChildWorkflowAsync(
            (InvoiceWorkflow workflow) => workflow.RunAsync(completed),
            new ChildWorkflowOptions
            {
                Id = InvoiceWorkflow.WorkflowId(completed.OrderId),
                TaskQueue = BoundedContext.Invoicing.TaskQueue(),
                ParentClosePolicy = ParentClosePolicy.Abandon,
            });

    /// <summary>What the order's actions were answered, so a repeat that comes after the workflow closed (a client that lost the answer) gets the same.</summary>
    [WorkflowQuery]
    public OrderAnswers Answers() => new(workerId, checkIn, photoReport, verdict?.Passed, cancelled);

    [WorkflowUpdateValidator(nameof(AssignWorkerAsync))]
    public void ValidateAssignWorker(WorkerAssignment assignment)
    {
        if (IsRepeatedAssignment(assignment))
        {
            return;
        }

        RefuseUnlessAt(FlowStepTypes.MatchWorker, "assign a worker");
        if (workerId is not null || bookingInFlight)
        {
            throw Refusal(OrderRefusals.WrongState, "The order has a worker already, or one is being booked.");
        }
    }

    /// <summary>
    /// A manager assigns a worker by hand: <c>WorkerAssigned</c>. A worker booked for another order overlapping
    /// this one is refused and the order goes on matching.
    /// </summary>
    [WorkflowUpdate]
    public async Task AssignWorkerAsync(WorkerAssignment assignment)
    {
        if (IsRepeatedAssignment(assignment))
        {
            // The same worker assigned again (a retry) gets the first assignment's answer, once it has one.
            await Workflow.WaitConditionAsync(() => bookingFor != assignment.WorkerId);
            if (workerId == assignment.WorkerId)
            {
                return;
            }
        }
        else if (await AssignAsync(assignment.WorkerId, assignment.AssignedBy, offerId: null))
        {
            return;
        }

        throw Refusal(OrderRefusals.Busy, "The worker is booked for another order overlapping this order's window.");
    }

    /// <summary>The worker is the order's already, or is being booked for it.</summary>
    private bool IsRepeatedAssignment(WorkerAssignment assignment) => assignment.WorkerId == workerId || assignment.WorkerId == bookingFor;

    [WorkflowUpdateValidator(nameof(CheckInAsync))]
    public void ValidateCheckIn(WorkerCheckIn attempt)
    {
        RefuseUnlessAssigned(attempt.WorkerId);
        if (checkIn is not null)
        {
            // A repeat: answered as the first.
            return;
        }

        RefuseUnlessAt(FlowStepTypes.CheckIn, "check in");
        var distance = GeoDistance.Meters(order.Latitude, order.Longitude, attempt.Latitude, attempt.Longitude);
        var radius = currentStep!.RadiusMeters!.Value;
        if (distance > radius)
        {
            throw new ApplicationFailureException(
                $"You are {Math.Round(distance)} m from the order's address; check in within {radius} m of it.",
                OrderRefusals.TooFar,
                details: [Math.Round(distance, 1), radius]);
        }
    }

    /// <summary>
    /// The assigned worker checks in on site: <c>CheckedInViaApp</c>. From now on the client cannot cancel. The
    /// answer waits only for the order's own record, which is the next step's (<see cref="OrderRecorder.RecordActionAsync"/>);
    /// Execution's record runs alongside (the update is in the history, so it cannot be lost).
    /// </summary>
    [WorkflowUpdate]
    public async Task<CheckInAccepted> CheckInAsync(WorkerCheckIn attempt)
    {
        if (checkIn is not null)
        {
            await records.StoredAsync(checkInRecord!.Event);
            return checkIn;
        }

        var distance = GeoDistance.Meters(order.Latitude, order.Longitude, attempt.Latitude, attempt.Longitude);
        var accepted = new CheckInAccepted(Workflow.UtcNow, Math.Round(distance, 1), currentStep!.RadiusMeters!.Value);
        checkIn = accepted;
        var seedEvent = Event(ExecutionEvents.CheckedInViaApp, attempt.WorkerId, Data("distanceMeters", accepted.DistanceMeters.ToString(CultureInfo.InvariantCulture)));
        checkInRecord = new CheckInRecord(order.OrderId, attempt.WorkerId, attempt.Latitude, attempt.Longitude, accepted.DistanceMeters, seedEvent);
        await records.RecordActionAsync(seedEvent);
        return accepted;
    }

    [WorkflowUpdateValidator(nameof(SubmitPhotoReportAsync))]
    public void ValidateSubmitPhotoReport(PhotoReportSubmission submission)
    {
        RefuseUnlessAssigned(submission.WorkerId);
        if (photoReport is not null)
        {
            // A repeat (the worker's app sending the photos again): answered with the first report, which stays the order's.
            return;
        }

        RefuseUnlessAt(FlowStepTypes.PhotoReport, "send the photo report");
        var (min, max) = (currentStep!.MinPhotos!.Value, currentStep.MaxPhotos!.Value);
        if (submission.PhotoCount < min || submission.PhotoCount > max)
        {
            throw Refusal(OrderRefusals.Invalid, $"The report has {submission.PhotoCount} photos; this order needs {min} to {max}.");
        }
    }

    /// <summary>
    /// The assigned worker's photos, stored by Execution, become the report: <c>PhotoReportSent</c>. Execution marks
    /// the report accepted alongside, as with the check-in; a quality review opens, and the order's result (what
    /// invoicing takes) comes, only once it has.
    /// </summary>
    [WorkflowUpdate]
    public async Task<PhotoReportAccepted> SubmitPhotoReportAsync(PhotoReportSubmission submission)
    {
        if (photoReport is not null)
        {
            await records.StoredAsync(photoReportRecord!.Event);
            return photoReport;
        }

        var accepted = new PhotoReportAccepted(submission.ReportId, Workflow.UtcNow);
        photoReport = accepted;
        var seedEvent = Event(ExecutionEvents.PhotoReportSent, submission.WorkerId, Data("photos", submission.PhotoCount.ToString(CultureInfo.InvariantCulture)));
        photoReportRecord = new PhotoReportRecord(order.OrderId, submission.ReportId, seedEvent);
        await records.RecordActionAsync(seedEvent);
        return accepted;
    }

    [WorkflowUpdateValidator(nameof(RecordQualityVerdictAsync))]
    public void ValidateRecordQualityVerdict(QualityVerdict review)
    {
        if (verdict is not null)
        {
            // The same verdict again is a repeat, answered as the first; the other one contradicts it.
            if (verdict.Passed != review.Passed)
            {
                throw Refusal(OrderRefusals.WrongState, "The order's quality was checked already, with the other verdict.");
            }

            return;
        }

        RefuseUnlessAt(FlowStepTypes.QualityReview, "record a quality verdict");
    }

    /// <summary>
    /// A manager passes or fails a sampled order's photos: <c>QualityChecked</c>. The answer waits only for the
    /// order's own record; Management's record of the check and the worker's rating (Onboarding) follow in the
    /// flow, before it takes the Pass or Fail branch.
    /// </summary>
    [WorkflowUpdate]
    public async Task RecordQualityVerdictAsync(QualityVerdict review)
    {
        if (verdict is not null)
        {
            await records.StoredAsync(verdictEvent!);
            return;
        }

        verdict = review;
        verdictEvent = Event(ManagementEvents.QualityChecked, review.ManagerId, $$"""{"passed":{{(review.Passed ? "true" : "false")}}}""");
        await AdvanceAsync(OrderStatus.QualityReview, verdictEvent);
    }

    [WorkflowUpdateValidator(nameof(CancelAsync))]
    public void ValidateCancel(CancelRequest request)
    {
        if (!request.ByStaff && request.ActorId != order.ClientId)
        {
            throw Refusal(OrderRefusals.NotYours, "No such order.");
        }

        if (checkIn is not null)
        {
            throw Refusal(
                OrderRefusals.WrongState,
                $"The worker checked in at {checkIn.CheckedInAt:u}; an order cannot be cancelled once the work has started on site.");
        }

        if (completing)
        {
            throw Refusal(OrderRefusals.WrongState, "The order is closed already.");
        }
    }

    /// <summary>
    /// Cancels at once and for good: stops the flow, then releases the stock reservation, withdraws open offers
    /// and frees the worker, and answers when all of that is recorded; the promotion code's use is released by
    /// Invoicing alongside (scheduled, not awaited). Each compensation is idempotent.
    /// </summary>
    [WorkflowUpdate]
    public async Task<OrderCancelled> CancelAsync(CancelRequest request)
    {
        if (cancelRequested)
        {
            // A repeat: answered with the first cancellation, once it is recorded.
            await Workflow.WaitConditionAsync(() => cancelled is not null);
            return cancelled!;
        }

        cancelRequested = true;
        // Synchronous on purpose: CancelAsync would schedule on the thread pool, outside the workflow's deterministic scheduler.
        flowCancellation.Cancel();
        if (picking is not null)
        {
            // A cancelled pick closes only after its activity in flight has finished, so nothing is reserved after the release below.
            await Workflow.WhenAnyAsync(picking);
        }

        // A booking still in flight would land after the release below and keep the worker busy for nothing; an offer
        // being made, after the offers are withdrawn.
        await Workflow.WaitConditionAsync(() => !bookingInFlight && offerBeingMade is null);

        var compensations = new List<string>();
        var orderId = order.OrderId;
        if (pickStarted && await Workflow.ExecuteActivityAsync((IPickingActivities picks) => picks.ReleaseStockReservationAsync(orderId), Durable(BoundedContext.Warehouse)))
        {
            compensations.Add("stock-reservation-released");
        }

        if (await Workflow.ExecuteLocalActivityAsync((IOrderActivities orders) => orders.WithdrawOffersAsync(orderId), OwnRecords) > 0)
        {
            compensations.Add("offers-withdrawn");
        }

        if (await Workflow.ExecuteLocalActivityAsync((IOrderActivities orders) => orders.ReleaseWorkerAsync(orderId), OwnRecords))
        {
            compensations.Add("worker-freed");
        }

        if (order.PromotionCode is not null)
        {
            // Durable but not awaited here: an Invoicing outage must not hold up the cancellation; the workflow closes once it is done.
            var quoteId = order.QuoteId;
            promotionCodeUses.Add(Workflow.ExecuteActivityAsync((IDiscountActivities discounts) => discounts.ReleasePromotionCodeUseAsync(quoteId), Durable(BoundedContext.Invoicing)));
            compensations.Add("promotion-code-release-scheduled");
        }

        currentStep = null;
        await AdvanceAsync(OrderStatus.Cancelled, OrderingEvents.OrderCancelled, request.ActorId, Data("reason", request.Reason ?? string.Empty));
        cancelled = new OrderCancelled(Workflow.UtcNow, compensations);
        return cancelled;
    }

    private async Task RunStepsAsync(IReadOnlyList<FlowStep> steps, CancellationToken token)
    {
        for (var index = 0; index < steps.Count; index++)
        {
            var step = steps[index];
            currentStep = step;
            upcomingStep = index + 1 < steps.Count ? steps[index + 1] : null;
            // The matching step's start is stored by its first round, with the offer (OfferToBestCandidateAsync).
            if (EntryStatus(step) is { } entry && step.Type != FlowStepTypes.MatchWorker)
            {
                await EnterAsync(entry);
            }

            switch (step.Type)
            {
                case FlowStepTypes.PickSupplies:
                    await PickAsync(token);
                    break;
                case FlowStepTypes.MatchWorker:
                    await MatchAsync(token);
                    break;
                case FlowStepTypes.HandOver:
                    await HandOverAsync(token);
                    break;
                case FlowStepTypes.CheckIn:
                    await AwaitActionAsync(() => checkIn is not null, execution => execution.RecordCheckInAsync(checkInRecord!), token);
                    break;
                case FlowStepTypes.PhotoReport:
                    await AwaitActionAsync(() => photoReport is not null, execution => execution.AcceptPhotoReportAsync(photoReportRecord!), token);
                    break;
                case FlowStepTypes.QualityReview:
                    await ReviewAsync(step, token);
                    break;
                case FlowStepTypes.Wait:
                    await Workflow.DelayAsync(step.Duration!.Value, token);
                    break;
                default:
                    throw new ApplicationFailureException($"Step '{step.Id}' has the unknown type '{step.Type}'.", nonRetryable: true);
            }
        }
    }

    private async Task PickAsync(CancellationToken token)
    {
        pickStarted = true;
        picking = Workflow.ExecuteChildWorkflowAsync(
            (PickingWorkflow workflow) => workflow.RunAsync(new PickRequest(order.OrderId, terms!.Supplies)),
            new ChildWorkflowOptions { Id = PickingWorkflow.WorkflowId(order.OrderId), TaskQueue = BoundedContext.Warehouse.TaskQueue(), CancellationToken = token });
        var kit = await picking;
        records.RecordWithNextAdvance(Event(WarehouseEvents.OrderAssembled, kit.StaffId, null, kit.AssembledAt));
    }

    private async Task HandOverAsync(CancellationToken token)
    {
        var kit = await Workflow.ExecuteChildWorkflowAsync(
            (KitHandOverWorkflow workflow) => workflow.RunAsync(new HandOverRequest(order.OrderId, workerId!)),
            new ChildWorkflowOptions { Id = KitHandOverWorkflow.WorkflowId(order.OrderId), TaskQueue = BoundedContext.Warehouse.TaskQueue(), CancellationToken = token });
        records.RecordWithNextAdvance(Event(WarehouseEvents.OrderIssued, kit.StaffId, Data("workerId", kit.WorkerId), kit.IssuedAt));
    }

    /// <summary>Runs only for sampled orders; a failed review is handed to quality control without waiting for it.</summary>
    private async Task ReviewAsync(FlowStep step, CancellationToken token)
    {
        if (!QualitySampling.IsSampled(order.OrderId, terms!.QualitySamplingPercent))
        {
            return;
        }

        await AdvanceAsync(OrderStatus.QualityReview);
        // Managers review the photos Execution has accepted.
        await records.SettleRecordsElsewhereAsync();
        var review = new QualityReviewRequest(order.OrderId, order.ClientId, step.Id, photoReport!.ReportId);
        await Workflow.ExecuteActivityAsync((IQualityActivities quality) => quality.OpenQualityReviewAsync(review), Durable(BoundedContext.Management));
        await Workflow.WaitConditionAsync(() => verdict is not null && Workflow.AllHandlersFinished, token);
        var check = new QualityCheckRecord(order.OrderId, verdict!.ManagerId, verdict.Passed, verdict.Note, verdictEvent!);
        var workerReview = new WorkerReview(order.OrderId, workerId!, verdict.Passed, verdictEvent!.OccurredAt);
        await Workflow.WhenAllAsync(
            Workflow.ExecuteActivityAsync((IQualityActivities quality) => quality.RecordQualityCheckAsync(check), Durable(BoundedContext.Management)),
            Workflow.ExecuteActivityAsync((IWorkerReviewActivities reviews) => reviews.RecordWorkerReviewAsync(workerReview), Durable(BoundedContext.Onboarding)));
        if (!verdict.Passed)
        {
            var incident = new QualityIncident(Workflow.NewGuid(), order.OrderId, order.ClientId, verdict.Note, Workflow.UtcNow);
            await Workflow.StartChildWorkflowAsync(
                (QualityIncidentWorkflow workflow) => workflow.RunAsync(incident),
                new ChildWorkflowOptions
                {
                    Id = QualityIncidentWorkflow.WorkflowId(incident.IncidentId),
                    TaskQueue = BoundedContext.Management.TaskQueue(),
                    ParentClosePolicy = ParentClosePolicy.Abandon,
                });
            await NotifyAsync(
                order.ClientId,
                "Your order did not pass our quality check",
                $"We reviewed the photos of order {order.OrderId} and are not happy with the result. Quality control is looking into it and will contact you.");
        }

        await RunStepsAsync(verdict.Passed ? step.Pass : step.Fail, token);
    }

    /// <summary>
    /// Books <paramref name="candidate"/> for the order's window, closes the offer they accepted and records
    /// <c>WorkerAssigned</c>, in one write; false when PostgreSQL finds them booked for another order overlapping
    /// it. Until it answers, validators refuse any other accept or assignment, so an order never has two bookings
    /// racing.
    /// </summary>
    private async Task<bool> AssignAsync(string candidate, string actor, Guid? offerId)
    {
        bookingInFlight = true;
        bookingFor = candidate;
        try
        {
            // The record shows the start of the step after matching when that step always records one, so it writes nothing as it starts.
            var (status, stepId) = upcomingStep is { } next && EntryStatus(next) is { } entry
                ? (entry, next.Id)
                : (OrderStatus.Matching, currentStep?.Id);
            var assigned = new OrderProgress(order.OrderId, status, stepId, candidate, [Event(OrderingEvents.WorkerAssigned, actor, Data("workerId", candidate))]);
            var booking = new WorkerAssignmentRecord(order, candidate, offerId, Workflow.UtcNow, assigned);
            var booked = await Workflow.ExecuteLocalActivityAsync((IOrderActivities orders) => orders.AssignWorkerAsync(booking), OwnRecords);
            if (booked)
            {
                workerId = candidate;
                records.Booked(candidate, status, stepId);
            }

            return booked;
        }
        finally
        {
            bookingInFlight = false;
            bookingFor = null;
        }
    }

    private void RefuseUnlessAt(string stepType, string action)
    {
        if (cancelRequested || currentStep?.Type != stepType)
        {
            var where = cancelRequested ? "cancelled" : currentStep is null ? "not at a step" : $"at step '{currentStep.Id}' ({currentStep.Type})";
            throw Refusal(OrderRefusals.WrongState, $"You cannot {action} now: the order is {where}.");
        }
    }

    private void RefuseUnlessAssigned(string candidate)
    {
        if (candidate != workerId)
        {
            throw Refusal(OrderRefusals.NotYours, "No such order.");
        }
    }

    private static ApplicationFailureException Refusal(string type, string message) => new(message, type);

    private Task AdvanceAsync(OrderStatus status, string eventType, string actor, string? dataJson = null) =>
        AdvanceAsync(status, Event(eventType, actor, dataJson));

    /// <summary>The status a step records as it starts, when it always records one (a quality review starts only for sampled orders).</summary>
    public static OrderStatus? EntryStatus(FlowStep step) => step?.Type switch
    {
        FlowStepTypes.PickSupplies => OrderStatus.Picking,
        FlowStepTypes.MatchWorker => OrderStatus.Matching,
        FlowStepTypes.HandOver => OrderStatus.AwaitingHandOver,
        FlowStepTypes.CheckIn => OrderStatus.AwaitingCheckIn,
        FlowStepTypes.PhotoReport => OrderStatus.AwaitingPhotoReport,
        FlowStepTypes.Wait => OrderStatus.Waiting,
        _ => null,
    };

    /// <summary>Records the current step's start, unless it is recorded already: by the placement (the first step) or by the assignment that ended the step before.</summary>
    private Task EnterAsync(OrderStatus status) => records.Shows(status, currentStep?.Id) ? Task.CompletedTask : AdvanceAsync(status);

    /// <summary>Records the status at the current step, with the events that waited for it and <paramref name="seedEvent"/>, in one write.</summary>
    private Task AdvanceAsync(OrderStatus status, SeedEvent? seedEvent = null) => records.RecordAsync(status, currentStep?.Id, seedEvent);

    /// <summary>
    /// Waits for the person's action at the current step; Execution records it alongside the next step. The record's
    /// arguments are read when it is scheduled, once the action has come.
    /// </summary>
    private async Task AwaitActionAsync(Func<bool> acted, Expression<Func<IExecutionActivities, Task>> executionRecord, CancellationToken token)
    {
        await Workflow.WaitConditionAsync(acted, token);
        records.RunAlongside(Workflow.ExecuteActivityAsync(executionRecord, Durable(BoundedContext.Execution)));
    }

    private SeedEvent Event(string type, string actor, string? dataJson, DateTimeOffset? at = null) =>
        new(Workflow.NewGuid(), OrderingEvents.StreamId(order.OrderId), type, actor, at ?? Workflow.UtcNow, dataJson);

    private static string Data(string name, string value) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { [name] = value });

    /// <summary>
    /// Ordering's own records (the read model and timeline, offers, bookings) are written by local activities in
    /// the order's worker: they run inside the workflow task, with no task-queue round trip. Nobody waits on them
    /// either: a failing write is retried, past the first minute on a durable timer, until the database is back.
    /// </summary>
    private static LocalActivityOptions OwnRecords { get; } = new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1) },
    };

    /// <summary>
    /// Other contexts' activities, on their queues. Nobody waits on these: when a context is down the order waits durably, retrying until it is back. The
    /// flow's cancellation is not passed on, so a record in flight completes and the read model stays whole.
    /// </summary>
    private static ActivityOptions Durable(BoundedContext context) => new()
    {
        TaskQueue = context.TaskQueue(),
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1) },
    };
}
