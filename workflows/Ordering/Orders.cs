using System.Text.Json.Serialization;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>Where an order stands; the read model lists orders by it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    Requested,
    Picking,
    Matching,

    /// <summary>Matching found nobody by the matching deadline: managers were told and assign a worker by hand (or cancel).</summary>
    Escalated,
    AwaitingHandOver,
    AwaitingCheckIn,
    AwaitingPhotoReport,
    QualityReview,
    Waiting,
    Completed,
    Cancelled,

    /// <summary>The order's workflow was lost (gone, or closed without closing the order): reconciliation freed what it held and told managers.</summary>
    Failed,
}

/// <summary>
/// A stored order as its workflow starts: everything was fixed from the quote, so the order charges exactly
/// <paramref name="Price"/> and runs the flow of <paramref name="ServiceTypeVersion"/> whatever is published later.
/// </summary>
/// <param name="Start">Where the placement stored the order, with <c>HelpRequested</c>: the workflow's first step writes nothing as it starts there.</param>
/// <param name="PromotionCode">The quote's promotion code, whose use the placement reserved in Invoicing (keyed by <paramref name="QuoteId"/>).</param>
public sealed record OrderRequest(
    Guid OrderId,
    string ClientId,
    Guid QuoteId,
    string ServiceTypeCode,
    int ServiceTypeVersion,
    string Address,
    string City,
    double Latitude,
    double Longitude,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string Currency,
    decimal Price,
    OrderStart Start,
    string? PromotionCode = null);

/// <summary>
/// Where a placed order stands: its flow's first step, at the status that step records as it starts; or
/// <see cref="OrderStatus.Requested"/> at no step when that step records nothing as it starts.
/// </summary>
public sealed record OrderStart(OrderStatus Status, string? StepId)
{
    /// <summary>Computed once, by the placement, from the flow of the version the order pins.</summary>
    public static OrderStart Of(IReadOnlyList<FlowStep> flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return flow.Count > 0 && OrderWorkflow.EntryStatus(flow[0]) is { } status ? new OrderStart(status, flow[0].Id) : new OrderStart(OrderStatus.Requested, null);
    }
}

/// <summary>
/// The invoicing seam: what a completed order hands to invoicing. The order workflow starts the client's
/// <c>InvoiceWorkflow</c> with it on the Invoicing queue and does not wait; it is also the order workflow's result.
/// Invoicing charges the client <see cref="Price"/> (itemised from the quote <see cref="QuoteId"/>) and pays the
/// worker <see cref="WorkerPayout"/>.
/// </summary>
/// <param name="Quality">The quality check's outcome, which decides a refund.</param>
/// <param name="QualityRefundPercent">The service type's refund on a failed quality check (<see cref="Management.ServiceTerms.QualityRefundPercent"/>).</param>
/// <param name="QualityPayoutPercent">The share of <see cref="WorkerPayout"/> the worker keeps on a failed quality check (<see cref="Management.ServiceTerms.QualityPayoutPercent"/>).</param>
public sealed record CompletedOrder(
    Guid OrderId,
    string ClientId,
    Guid QuoteId,
    string WorkerId,
    string ServiceTypeCode,
    int ServiceTypeVersion,
    string Currency,
    decimal Price,
    decimal WorkerPayout,
    QualityOutcome Quality,
    int QualityRefundPercent,
    int QualityPayoutPercent,
    DateTimeOffset CompletedAt);

/// <summary>What the order's quality check found; most orders are not sampled for one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QualityOutcome>))]
public enum QualityOutcome
{
    NotReviewed,
    Passed,
    Failed,
}

/// <summary>The order workflow's result: <see cref="ToInvoice"/> is set exactly when the order completed.</summary>
public sealed record OrderOutcome(Guid OrderId, OrderStatus Status, CompletedOrder? ToInvoice);

/// <summary>A manager assigns a worker by hand (matching escalated, or before it found anyone).</summary>
public sealed record WorkerAssignment(string WorkerId, string AssignedBy);

/// <param name="ByStaff">A manager or ops cancels for the client; otherwise <paramref name="ActorId"/> must be the order's client.</param>
public sealed record CancelRequest(string ActorId, bool ByStaff, string? Reason);

/// <param name="Compensations">What was undone, in order, e.g. <c>stock-reservation-released</c>.</param>
public sealed record OrderCancelled(DateTimeOffset CancelledAt, IReadOnlyList<string> Compensations);

public sealed record WorkerCheckIn(string WorkerId, double Latitude, double Longitude);

public sealed record CheckInAccepted(DateTimeOffset CheckedInAt, double DistanceMeters, int RadiusMeters);

/// <summary>Photos Execution stored under <paramref name="ReportId"/> and now offers as the order's photo report.</summary>
public sealed record PhotoReportSubmission(Guid ReportId, string WorkerId, int PhotoCount);

public sealed record PhotoReportAccepted(Guid ReportId, DateTimeOffset SentAt);

public sealed record QualityVerdict(string ManagerId, bool Passed, string? Note);

/// <summary>
/// What an order's actions were answered (<see cref="OrderWorkflow.Answers"/>), each null until taken: a repeat of an
/// action after the workflow closed is answered from here.
/// </summary>
public sealed record OrderAnswers(string? WorkerId, CheckInAccepted? CheckIn, PhotoReportAccepted? PhotoReport, bool? QualityPassed, OrderCancelled? Cancelled);

/// <summary>
/// One change to an order's read model: its status and step, and the events for its timeline, in the order
/// they happened (each stored once by its id, which the workflow made).
/// </summary>
public sealed record OrderProgress(Guid OrderId, OrderStatus Status, string? StepId, string? WorkerId, IReadOnlyList<Platform.SeedEvent> Events);

/// <summary>Why an order workflow refuses an update; the API turns each into its HTTP answer.</summary>
public static class OrderRefusals
{
    /// <summary>The caller is not the order's client or assigned worker: answered like a missing order.</summary>
    public const string NotYours = "OrderNotYours";

    /// <summary>The order is not at a step where this can happen (409).</summary>
    public const string WrongState = "OrderStateConflict";

    /// <summary>The check-in is outside the step's radius (422 with the distance).</summary>
    public const string TooFar = "CheckInTooFar";

    /// <summary>The request breaks the step's rules, e.g. too few photos (422).</summary>
    public const string Invalid = "OrderInputInvalid";

    /// <summary>The worker is booked for another order whose window overlaps this one's (409).</summary>
    public const string Busy = "WorkerBusy";
}

/// <summary>Who order notifications go to besides the order's client (an account id).</summary>
public static class OrderNotifications
{
    /// <summary>The managers' shared inbox: escalations are for whoever is on duty.</summary>
    public const string Managers = "managers";
}

/// <summary>
/// A worker becomes the order's: their booking, the offer they accepted (none for a manager's assignment), and
/// the order's record of it, written together.
/// </summary>
/// <param name="At">When the answer came; the offer's answer time.</param>
/// <param name="Assigned">The order's status, step, worker and <c>WorkerAssigned</c> event once booked.</param>
public sealed record WorkerAssignmentRecord(OrderRequest Order, string WorkerId, Guid? OfferId, DateTimeOffset At, OrderProgress Assigned);

/// <summary>The order workflow's own records, local activities in the Ordering worker; each is idempotent.</summary>
public interface IOrderActivities
{
    /// <summary>Updates the order's read model and appends to its timeline.</summary>
    [Activity]
    Task AdvanceOrderAsync(OrderProgress progress);

    /// <summary>
    /// Books the worker for the order's window (what matching reads as "busy"), closes the offer they accepted and
    /// records the assignment, in one transaction; answers false, booking and recording nothing (the offer closes as
    /// busy), when the worker is booked for another order overlapping it.
    /// </summary>
    [Activity]
    Task<bool> AssignWorkerAsync(WorkerAssignmentRecord assignment);

    /// <summary>Compensation: frees the worker's booking; answers whether there was one to free.</summary>
    [Activity]
    Task<bool> ReleaseWorkerAsync(Guid orderId);

    /// <summary>Compensation: withdraws the order's open offers; answers how many.</summary>
    [Activity]
    Task<int> WithdrawOffersAsync(Guid orderId);
}

/// <summary>
/// Which orders get a quality review: a SHA-256 of the order id, as a number 0–99, below the percentage. The
/// same order always draws the same way (on replay, and for anyone auditing the choice), and over many orders
/// the share reviewed is the percentage.
/// </summary>
public static class QualitySampling
{
    public static bool IsSampled(Guid orderId, int percent)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(orderId.ToByteArray());
        return BitConverter.ToUInt32(hash, 0) % 100 < percent;
    }
}
