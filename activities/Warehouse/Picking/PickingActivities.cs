using System.Text.Json;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Warehouse.Picking;

/// <summary>Stock reservations and the pick records staff work from; each activity is idempotent by order.</summary>
public sealed class PickingActivities(WarehouseDbContext db, TimeProvider time) : IPickingActivities
{
    /// <summary>
    /// Takes every supply line off the shelf in one transaction, or nothing: a partial kit is of no use, and
    /// holding part of the stock would starve other orders while this one waits for the contractor. Moves the
    /// pick to <see cref="PickStage.ReadyToAssemble"/> or <see cref="PickStage.AwaitingDelivery"/> accordingly.
    /// The reservation and the pick's record are one statement, so the stock rows stay locked for one round trip
    /// and the commit.
    /// </summary>
    /// <returns>What is short, or nothing when the order's reservation is held (now or by an earlier attempt).</returns>
    [Activity]
    public async Task<IReadOnlyList<StockShortage>> ReserveStockAsync(PickRequest pick)
    {
        ArgumentNullException.ThrowIfNull(pick);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        var now = time.GetUtcNow();
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var notTaken = await db.Database.SqlQuery<SupplyLine>(ReserveEveryLine(pick, now)).ToListAsync(cancellationToken);
            if (notTaken.Count == 0)
            {
                await transaction.CommitAsync(cancellationToken);
                return [];
            }

            await transaction.RollbackAsync(cancellationToken);
            // Read after the rollback: the reservation's own snapshot may predate the picks that emptied the shelf.
            var skus = notTaken.Select(line => line.Sku).ToList();
            var onHand = await db.Stock.Where(item => skus.Contains(item.Sku)).ToDictionaryAsync(item => item.Sku, item => item.OnHand, cancellationToken);
            List<StockShortage> shortages = [.. notTaken
                .Select(line => new StockShortage(line.Sku, line.Quantity - onHand.GetValueOrDefault(line.Sku)))
                .Where(shortage => shortage.Missing > 0)];
            if (shortages.Count > 0)
            {
                // Staff must see the pick waiting for the delivery.
                await db.Database.ExecuteSqlAsync(UpsertWaitingPick(pick, PickStage.AwaitingDelivery, now), cancellationToken);
                return shortages;
            }

            // Units came back on the shelf since the reservation looked: it tries again.
        }
    }

    /// <summary>
    /// Decrements every line whose row has enough units (each row's test and decrement together, so concurrent
    /// picks never take the same units), stores the reservations and the pick's record, and answers the lines it
    /// could not take; a held reservation (an earlier attempt's) takes nothing more and answers none.
    /// </summary>
    private static FormattableString ReserveEveryLine(PickRequest pick, DateTimeOffset now)
    {
        FormattableString reservation =
            $"""
            WITH line AS (SELECT * FROM unnest({pick.Supplies.Select(line => line.Sku).ToArray()}, {pick.Supplies.Select(line => line.Quantity).ToArray()}) AS line (sku, quantity)),
            held AS (SELECT EXISTS (SELECT 1 FROM warehouse.stock_reservations WHERE order_id = {pick.OrderId}) AS already),
            taken AS (
                UPDATE warehouse.stock_items AS item SET on_hand = item.on_hand - line.quantity
                FROM line
                WHERE item.sku = line.sku AND item.on_hand >= line.quantity AND NOT (SELECT already FROM held)
                RETURNING item.sku),
            reserved AS (
                INSERT INTO warehouse.stock_reservations (order_id, sku, quantity, status, reserved_at)
                SELECT {pick.OrderId}, line.sku, line.quantity, {nameof(ReservationStatus.Reserved)}, {now} FROM line
                WHERE NOT (SELECT already FROM held)),
            ready AS (
            """;
        FormattableString notTaken =
            $"""
            )
            SELECT line.sku, line.quantity FROM line
            WHERE NOT (SELECT already FROM held) AND line.sku NOT IN (SELECT sku FROM taken)
            """;
        return reservation.Then(UpsertWaitingPick(pick, PickStage.ReadyToAssemble, now)).Then(notTaken);
    }

    /// <summary>
    /// Creates the pick at <paramref name="stage"/>, or moves it there while it is still waiting for its stock, so
    /// a retried reservation never undoes what staff did since.
    /// </summary>
    private static FormattableString UpsertWaitingPick(PickRequest pick, PickStage stage, DateTimeOffset now) =>
        $"""
        INSERT INTO warehouse.picks AS pick (order_id, stage, supplies_json, updated_at)
        VALUES ({pick.OrderId}, {stage.ToString()}, {JsonSerializer.Serialize(pick.Supplies, JsonSerializerOptions.Web)}::jsonb, {now})
        ON CONFLICT (order_id) DO UPDATE SET stage = excluded.stage, updated_at = excluded.updated_at
        WHERE pick.stage IN ({nameof(PickStage.Reserving)}, {nameof(PickStage.AwaitingDelivery)})
        """;

    /// <summary>
    /// Moves the pick to its stage, journals the warehouse's seed event once, and on issue consumes the
    /// reservation, in one statement. A retry whose event is journalled already changes nothing (staff may have
    /// moved the pick on since); a released pick stays released.
    /// </summary>
    [Activity]
    public Task RecordPickProgressAsync(PickProgress progress)
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
    [Activity]
    public async Task<bool> ReleaseStockReservationAsync(Guid orderId)
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
}
