using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Ordering.Orders;

/// <summary>The order workflow's side effects in the ordering schema; each is idempotent, so retries are safe.</summary>
public sealed class OrderActivities(OrderingDbContext db, TimeProvider time)
{
    private static readonly OrderStatus[] Closed = [OrderStatus.Completed, OrderStatus.Cancelled];

    /// <summary>A deadlock needs a third party to recur; past this the activity's own retry takes over.</summary>
    private const int MaxBookingAttempts = 3;

    /// <summary>
    /// Moves the read model and appends the events to the order's timeline (<see cref="RecordProgressAsync"/>).
    /// </summary>
    [Activity(OrderActivityNames.Advance)]
    public Task AdvanceAsync(OrderProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return RecordProgressAsync(progress, ActivityExecutionContext.Current.CancellationToken);
    }

    /// <summary>
    /// Books the worker for the order's window and, in the same transaction, closes the offer they accepted
    /// (when they accepted one) and records the assignment on the order: one write for the whole answer. A worker
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
    [Activity(OrderActivityNames.AssignWorker)]
    public async Task<bool> AssignWorkerAsync(WorkerAssignmentRecord assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                await InsertBookingAsync(assignment, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ExclusionViolation)
            {
                await transaction.RollbackAsync(cancellationToken);
                return await AnswerRefusedBookingAsync(assignment, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxBookingAttempts)
            {
                // Disposing the transaction rolls it back; the next attempt waits for the other booking's commit.
                continue;
            }

            if (assignment.OfferId is { } offerId)
            {
                await CloseOfferAsync(offerId, OfferStatus.Accepted, assignment.At, cancellationToken);
            }

            await RecordProgressAsync(assignment.Assigned, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
    }

    /// <summary>
    /// Without a savepoint (two round trips fewer on every booking), a refused insert fails the whole transaction,
    /// so the answer to a refusal is written in a new one.
    /// </summary>
    private Task<int> InsertBookingAsync(WorkerAssignmentRecord assignment, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO ordering.worker_bookings (order_id, worker_id, window_start, window_end, booked_at)
            VALUES ({assignment.Order.OrderId}, {assignment.WorkerId}, {assignment.Order.WindowStart.ToUniversalTime()},
                {assignment.Order.WindowEnd.ToUniversalTime()}, {time.GetUtcNow()})
            """,
            cancellationToken);

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
    /// One statement, so the journal insert and the order's update commit together in one round trip (on its
    /// own, or inside the caller's transaction). A retry whose events are journalled already changes nothing; a
    /// closed order is never reopened, so a late record from a cancelled flow cannot overwrite the cancellation.
    /// </summary>
    private Task<int> RecordProgressAsync(OrderProgress progress, CancellationToken cancellationToken)
    {
        string[] closed = [.. Closed.Select(status => status.ToString())];
        return db.ExecuteJournalledAsync(
            progress.Events,
            $"""
            UPDATE ordering.orders
            SET status = {progress.Status.ToString()}, current_step_id = {progress.StepId}, worker_id = {progress.WorkerId}, updated_at = {time.GetUtcNow()}
            WHERE id = {progress.OrderId} AND status <> ALL ({closed}) AND EXISTS (SELECT 1 FROM journalled_now)
            """,
            cancellationToken);
    }

    /// <returns>True when a booking was released now; false when there was none or it was released before.</returns>
    [Activity(OrderActivityNames.ReleaseWorker)]
    public async Task<bool> ReleaseWorkerAsync(Guid orderId) =>
        await db.WorkerBookings
            .Where(booking => booking.OrderId == orderId && booking.ReleasedAt == null)
            .ExecuteUpdateAsync(setters => setters.SetProperty(booking => booking.ReleasedAt, time.GetUtcNow()), ActivityExecutionContext.Current.CancellationToken) > 0;

    /// <returns>How many open offers were withdrawn now.</returns>
    [Activity(OrderActivityNames.WithdrawOffers)]
    public Task<int> WithdrawOffersAsync(Guid orderId) =>
        db.Offers
            .Where(offer => offer.OrderId == orderId && offer.Status == OfferStatus.Open)
            .ExecuteUpdateAsync(
                setters => setters.SetProperty(offer => offer.Status, OfferStatus.Withdrawn).SetProperty(offer => offer.AnsweredAt, time.GetUtcNow()),
                ActivityExecutionContext.Current.CancellationToken);
}
