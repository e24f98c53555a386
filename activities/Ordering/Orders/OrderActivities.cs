using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Ordering.Orders;

/// <summary>The order workflow's side effects in the ordering schema; each is idempotent, so retries are safe.</summary>
public sealed class OrderActivities(OrderingDbContext db, TimeProvider time) : IOrderActivities
{
    /// <summary>A deadlock needs a third party to recur; past this the activity's own retry takes over.</summary>
    private const int MaxBookingAttempts = 3;

    /// <summary>
    /// Moves the read model and appends the events to the order's timeline (<see cref="RecordProgressAsync"/>).
    /// </summary>
    [Activity]
    public Task AdvanceOrderAsync(OrderProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return RecordProgressAsync(progress, ActivityExecutionContext.Current.CancellationToken);
    }

    /// <summary>
    /// Books the worker for the order's window and, in the same statement, closes the offer they accepted (when
    /// they accepted one) and records the assignment on the order: one write for the whole answer. A worker
    /// holding an unreleased booking of another order overlapping the window is refused, and their offer closes
    /// as <see cref="OfferStatus.Busy"/>. PostgreSQL decides (the exclusion constraint
    /// <c>worker_bookings_no_overlap</c>): of two overlapping bookings of one worker racing in parallel, the
    /// second waits for the first and is refused, or, when both were inserted at the same moment, one is failed
    /// as a deadlock and tried again at once, and then waits and is refused.
    /// </summary>
    /// <returns>
    /// True when the worker is booked for the order, now or by an earlier attempt of this activity; false when
    /// they are booked for another order overlapping its window.
    /// </returns>
    [Activity]
    public async Task<bool> AssignWorkerAsync(WorkerAssignmentRecord assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RecordProgressAsync(assignment.Assigned, cancellationToken, BookingAndAcceptance(assignment));
                return true;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ExclusionViolation)
            {
                return await AnswerRefusedBookingAsync(assignment, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxBookingAttempts)
            {
                // The failed statement changed nothing; the next attempt waits for the other booking's commit.
            }
        }
    }

    /// <summary>
    /// The booking and the accepted offer's closing, as expressions of the statement that records the
    /// assignment: a refused booking fails the whole statement, so nothing of the answer is stored.
    /// </summary>
    private FormattableString BookingAndAcceptance(WorkerAssignmentRecord assignment) =>
        $"""
        , booked AS (
            INSERT INTO ordering.worker_bookings (order_id, worker_id, window_start, window_end, booked_at, offer_id)
            VALUES ({assignment.Order.OrderId}, {assignment.WorkerId}, {assignment.Order.WindowStart.ToUniversalTime()},
                {assignment.Order.WindowEnd.ToUniversalTime()}, {time.GetUtcNow()}, {assignment.OfferId}))
        , accepted AS (
            UPDATE ordering.offers SET status = {nameof(OfferStatus.Accepted)}, answered_at = {assignment.At}
            WHERE id = {assignment.OfferId} AND status = {nameof(OfferStatus.Open)})
        """;

    /// <summary>
    /// A retry meets its own earlier booking (one per order, and it overlaps itself), stored with the rest of the
    /// answer, which is stored again harmlessly; any other conflict is another order's booking in an overlapping
    /// window, and the worker's offer closes as busy.
    /// </summary>
    private async Task<bool> AnswerRefusedBookingAsync(WorkerAssignmentRecord assignment, CancellationToken cancellationToken)
    {
        var booked = await db.WorkerBookings.AnyAsync(
            booking => booking.OrderId == assignment.Order.OrderId && booking.WorkerId == assignment.WorkerId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (assignment.OfferId is { } offerId)
        {
            await CloseOfferAsync(offerId, booked ? OfferStatus.Accepted : OfferStatus.Busy, assignment.At, cancellationToken);
        }

        if (booked)
        {
            await RecordProgressAsync(assignment.Assigned, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return booked;
    }

    /// <summary>Only an open offer moves, so a retry, or a cancellation that withdrew the offer first, changes nothing.</summary>
    private Task<int> CloseOfferAsync(Guid offerId, OfferStatus status, DateTimeOffset at, CancellationToken cancellationToken) =>
        db.Offers
            .Where(offer => offer.Id == offerId && offer.Status == OfferStatus.Open)
            .ExecuteUpdateAsync(setters => setters.SetProperty(offer => offer.Status, status).SetProperty(offer => offer.AnsweredAt, at), cancellationToken);

    /// <summary>
    /// One statement, so the journal insert and the order's update (<see cref="OrderRecords.Progress"/>) commit together
    /// in one round trip (on its own, or inside the caller's transaction), with <paramref name="alongside"/>'s
    /// expressions when given.
    /// </summary>
    private Task<int> RecordProgressAsync(OrderProgress progress, CancellationToken cancellationToken, FormattableString? alongside = null)
    {
        var update = OrderRecords.Progress(progress, time.GetUtcNow());
        return db.ExecuteJournalledAsync(progress.Events, alongside is null ? update : alongside.Then(update), cancellationToken);
    }

    /// <returns>True when a booking was released now; false when there was none or it was released before.</returns>
    [Activity]
    public async Task<bool> ReleaseWorkerAsync(Guid orderId) =>
        await db.WorkerBookings
            .Where(booking => booking.OrderId == orderId && booking.ReleasedAt == null)
            .ExecuteUpdateAsync(setters => setters.SetProperty(booking => booking.ReleasedAt, time.GetUtcNow()), ActivityExecutionContext.Current.CancellationToken) > 0;

    /// <returns>How many open offers were withdrawn now.</returns>
    [Activity]
    public Task<int> WithdrawOffersAsync(Guid orderId) =>
        db.Offers
            .Where(offer => offer.OrderId == orderId && offer.Status == OfferStatus.Open)
            .ExecuteUpdateAsync(
                setters => setters.SetProperty(offer => offer.Status, OfferStatus.Withdrawn).SetProperty(offer => offer.AnsweredAt, time.GetUtcNow()),
                ActivityExecutionContext.Current.CancellationToken);
}
