namespace HelperPlatform.Activities.Warehouse.Contractor;

public enum PurchaseOrderStatus
{
    /// <summary>Recorded before it is sent, so a delivery for it is recognised even if the send's answer was lost.</summary>
    Placed,

    Delivered,
}

/// <summary>Cookies ordered from the contractor; its id is the contractor's idempotency key.</summary>
public sealed class PurchaseOrder
{
    public Guid Id { get; set; }

    public required string Sku { get; set; }

    public int Quantity { get; set; }

    public PurchaseOrderStatus Status { get; set; }

    public DateTimeOffset PlacedAt { get; set; }

    public DateTimeOffset? ExpectedDeliveryAt { get; set; }

    /// <summary>The contractor's id of the delivery callback that delivered it; a repeat of it changes nothing.</summary>
    public Guid? DeliveryId { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}

/// <summary>Units of a SKU on the warehouse's shelves.</summary>
public sealed class StockItem
{
    public required string Sku { get; set; }

    public int OnHand { get; set; }
}
