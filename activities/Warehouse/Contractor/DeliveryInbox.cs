using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Warehouse.Contractor;

public enum DeliveryOutcome
{
    /// <summary>The order is now delivered and its cookies are on the shelf.</summary>
    Stocked,

    /// <summary>The order was delivered before (a retried or duplicated callback): nothing changed.</summary>
    AlreadyDelivered,

    /// <summary>No purchase order has this id.</summary>
    UnknownOrder,

    /// <summary>The notice's SKU or quantity differ from what was ordered; nothing is stocked until someone looks.</summary>
    Mismatch,
}

/// <summary>
/// Books verified delivery notices exactly once: the order moves from placed to delivered and its quantity
/// goes on the shelf in one transaction, and only the notice that made that move stocks anything.
/// </summary>
public sealed class DeliveryInbox(WarehouseDbContext db)
{
    public async Task<DeliveryOutcome> RecordAsync(ContractorDelivery notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await db.PurchaseOrders.AsNoTracking().SingleOrDefaultAsync(order => order.Id == notice.PurchaseOrderId, cancellationToken);
        if (order is null)
        {
            return DeliveryOutcome.UnknownOrder;
        }

        if (order.Sku != notice.Sku || order.Quantity != notice.Quantity)
        {
            return DeliveryOutcome.Mismatch;
        }

        // The status check and the change are one statement, so two copies racing in stock the order once.
        var moved = await db.PurchaseOrders
            .Where(placed => placed.Id == notice.PurchaseOrderId && placed.Status == PurchaseOrderStatus.Placed)
            .ExecuteUpdateAsync(
                setters => setters
                    .SetProperty(placed => placed.Status, PurchaseOrderStatus.Delivered)
                    .SetProperty(placed => placed.DeliveryId, notice.DeliveryId)
                    .SetProperty(placed => placed.DeliveredAt, notice.DeliveredAt),
                cancellationToken);
        if (moved == 0)
        {
            return DeliveryOutcome.AlreadyDelivered;
        }

        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO warehouse.stock_items (sku, on_hand) VALUES ({notice.Sku}, {notice.Quantity})
            ON CONFLICT (sku) DO UPDATE SET on_hand = stock_items.on_hand + EXCLUDED.on_hand
            """,
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return DeliveryOutcome.Stocked;
    }
}
