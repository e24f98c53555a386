using HelperPlatform.Workflows.Warehouse;

namespace HelperPlatform.Activities.Warehouse.Picking;

/// <summary>An order's kit as warehouse staff see it: what to pick, where it stands, whom to hand it to.</summary>
public sealed class Pick
{
    public Guid OrderId { get; set; }

    public PickStage Stage { get; set; }

    /// <summary>The supply lines (<c>[{ sku, quantity }]</c>) as jsonb.</summary>
    public required string SuppliesJson { get; set; }

    /// <summary>The assigned worker the kit is handed to, once the order has one.</summary>
    public string? WorkerId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public enum ReservationStatus
{
    /// <summary>Taken off the shelf for the order.</summary>
    Reserved,

    /// <summary>Handed to the worker with the kit.</summary>
    Issued,

    /// <summary>Put back on the shelf: the order was cancelled before the kit was issued.</summary>
    Released,
}

/// <summary>Units of one SKU held for one order.</summary>
public sealed class StockReservation
{
    public Guid OrderId { get; set; }

    public required string Sku { get; set; }

    public int Quantity { get; set; }

    public ReservationStatus Status { get; set; }

    public DateTimeOffset ReservedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }
}
