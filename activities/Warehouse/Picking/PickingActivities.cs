using System.Text.Json;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Warehouse.Picking;

/// <summary>Stock reservations and the pick records staff work from; each activity is idempotent by order.</summary>
public sealed class PickingActivities(WarehouseDbContext db, TimeProvider time)
{
    /// <summary>
    /// Takes every supply line off the shelf in one transaction, or nothing: a partial kit is of no use, and
    /// holding part of the stock would starve other orders while this one waits for the contractor. Moves the
    /// pick to <see cref="PickStage.ReadyToAssemble"/> or <see cref="PickStage.AwaitingDelivery"/> accordingly.
    /// </summary>
    /// <returns>What is short, or nothing when the order's reservation is held (now or by an earlier attempt).</returns>
    [Activity(PickingActivityNames.Reserve)]
    public async Task<IReadOnlyList<StockShortage>> ReserveAsync(PickRequest pick)
    {
        ArgumentNullException.ThrowIfNull(pick);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        // Outside the transaction below, which a shortage rolls back: staff must see the pick waiting for the delivery.
        await EnsurePickAsync(pick, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Reservations.AnyAsync(reservation => reservation.OrderId == pick.OrderId, cancellationToken))
        {
            await MoveWaitingPickAsync(pick.OrderId, PickStage.ReadyToAssemble, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return [];
        }

        var shortages = new List<StockShortage>();
        foreach (var line in pick.Supplies)
        {
            // The check and the decrement are one statement, so concurrent picks never take the same units.
            var taken = await db.Stock
                .Where(item => item.Sku == line.Sku && item.OnHand >= line.Quantity)
                .ExecuteUpdateAsync(setters => setters.SetProperty(item => item.OnHand, item => item.OnHand - line.Quantity), cancellationToken);
            if (taken == 0)
            {
                var onHand = await db.Stock.Where(item => item.Sku == line.Sku).Select(item => (int?)item.OnHand).SingleOrDefaultAsync(cancellationToken) ?? 0;
                shortages.Add(new StockShortage(line.Sku, line.Quantity - onHand));
            }
        }

        if (shortages.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            await MoveWaitingPickAsync(pick.OrderId, PickStage.AwaitingDelivery, cancellationToken);
            return shortages;
        }

        db.Reservations.AddRange(pick.Supplies.Select(line => new StockReservation
        {
            OrderId = pick.OrderId,
            Sku = line.Sku,
            Quantity = line.Quantity,
            Status = ReservationStatus.Reserved,
            ReservedAt = time.GetUtcNow(),
        }));
        await db.SaveChangesAsync(cancellationToken);
        await MoveWaitingPickAsync(pick.OrderId, PickStage.ReadyToAssemble, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    /// <summary>Only a pick still waiting for its stock moves, so a retried reservation never undoes what staff did since.</summary>
    private Task<int> MoveWaitingPickAsync(Guid orderId, PickStage stage, CancellationToken cancellationToken) =>
        db.Picks
            .Where(pick => pick.OrderId == orderId && (pick.Stage == PickStage.Reserving || pick.Stage == PickStage.AwaitingDelivery))
            .ExecuteUpdateAsync(setters => setters.SetProperty(pick => pick.Stage, stage).SetProperty(pick => pick.UpdatedAt, time.GetUtcNow()), cancellationToken);

    /// <summary>
    /// Moves the pick to its stage, journals the warehouse's seed event once, and on issue consumes the
    /// reservation, in one statement. A retry whose event is journalled already changes nothing (staff may have
    /// moved the pick on since); a released pick stays released.
    /// </summary>
    [Activity(PickingActivityNames.Progress)]
    public Task RecordProgressAsync(PickProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var now = time.GetUtcNow();
        return db.ExecuteJournalledAsync(
            progress.Event is { } seedEvent ? [seedEvent] : [],
            $"""
            , moved AS (
                UPDATE warehouse.picks
                SET stage = {progress.Stage.ToString()}, worker_id = coalesce({progress.WorkerId}::text, worker_id), updated_at = {now}
                WHERE order_id = {progress.OrderId} AND stage <> {nameof(PickStage.Released)} AND EXISTS (SELECT 1 FROM journalled_now))
            UPDATE warehouse.stock_reservations
            SET status = {nameof(ReservationStatus.Issued)}, closed_at = {now}
            WHERE order_id = {progress.OrderId} AND status = {nameof(ReservationStatus.Reserved)}
                AND {progress.Stage == PickStage.Issued} AND EXISTS (SELECT 1 FROM journalled_now)
            """,
            ActivityExecutionContext.Current.CancellationToken);
    }

    /// <summary>Puts the order's unissued reservation back on the shelf and closes its pick.</summary>
    /// <returns>True when units went back now; false when nothing was reserved or it was released before.</returns>
    [Activity(PickingActivityNames.Release)]
    public async Task<bool> ReleaseAsync(Guid orderId)
    {
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var held = await db.Reservations
            .Where(reservation => reservation.OrderId == orderId && reservation.Status == ReservationStatus.Reserved)
            .ToListAsync(cancellationToken);
        foreach (var reservation in held)
        {
            await db.Stock
                .Where(item => item.Sku == reservation.Sku)
                .ExecuteUpdateAsync(setters => setters.SetProperty(item => item.OnHand, item => item.OnHand + reservation.Quantity), cancellationToken);
            reservation.Status = ReservationStatus.Released;
            reservation.ClosedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.Picks
            .Where(pick => pick.OrderId == orderId && pick.Stage != PickStage.Issued)
            .ExecuteUpdateAsync(setters => setters.SetProperty(pick => pick.Stage, PickStage.Released).SetProperty(pick => pick.UpdatedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return held.Count > 0;
    }

    private async Task EnsurePickAsync(PickRequest pick, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO warehouse.picks (order_id, stage, supplies_json, updated_at)
            VALUES ({pick.OrderId}, {nameof(PickStage.Reserving)}, {JsonSerializer.Serialize(pick.Supplies, JsonSerializerOptions.Web)}::jsonb, {time.GetUtcNow()})
            ON CONFLICT (order_id) DO NOTHING
            """,
            cancellationToken);
}
