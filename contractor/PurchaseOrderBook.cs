using System.Collections.Concurrent;

namespace HelperPlatform.Contractor;

/// <summary>The supplier's own record of orders: one per purchase order id, however often the buyer sends it.</summary>
public sealed class PurchaseOrderBook
{
    private readonly ConcurrentDictionary<Guid, AcceptedOrder> orders = new();

    public int Count => orders.Count;

    public IReadOnlyCollection<AcceptedOrder> Accepted => [.. orders.Values];

    /// <returns>The order as first accepted, and whether this call accepted it (false for a repeat).</returns>
    public (AcceptedOrder Order, bool IsNew) Accept(PurchaseOrder order, DateTimeOffset expectedDeliveryAt)
    {
        ArgumentNullException.ThrowIfNull(order);
        var accepted = new AcceptedOrder(order, Guid.NewGuid(), expectedDeliveryAt);
        var stored = orders.GetOrAdd(order.PurchaseOrderId, accepted);
        return (stored, ReferenceEquals(stored, accepted));
    }

    public AcceptedOrder? Find(Guid purchaseOrderId) => orders.GetValueOrDefault(purchaseOrderId);

    /// <summary>Whether this very acceptance is still on the books (not forgotten since).</summary>
    public bool Holds(AcceptedOrder order) => ReferenceEquals(Find(order?.Order.PurchaseOrderId ?? Guid.Empty), order);

    /// <summary>Loses every order, as a supplier restarted without its recent records would.</summary>
    public void ForgetAll() => orders.Clear();
}

/// <param name="DeliveryId">Fixed when the order is accepted, so every callback about its delivery carries the same id.</param>
public sealed record AcceptedOrder(PurchaseOrder Order, Guid DeliveryId, DateTimeOffset ExpectedDeliveryAt)
{
    private int acknowledgedCallbacks;
    private readonly Lock gate = new();
    private DateTimeOffset? deliveredAt;

    /// <summary>Delivery callbacks the buyer answered with 2xx (two when duplicates are on).</summary>
    public int AcknowledgedCallbacks => Volatile.Read(ref acknowledgedCallbacks);

    public void Acknowledge() => Interlocked.Increment(ref acknowledgedCallbacks);

    /// <summary>When the goods were delivered (whether or not the buyer has heard of it yet).</summary>
    public DateTimeOffset? DeliveredAt
    {
        get { lock (gate) { return deliveredAt; } }
    }

    public void MarkDelivered(DateTimeOffset at)
    {
        lock (gate)
        {
            deliveredAt ??= at;
        }
    }

    /// <summary>The order as <c>GET /purchase-orders/{id}</c> answers it.</summary>
    public PurchaseOrderState State() => DeliveredAt is { } delivered
        ? new PurchaseOrderState(Order.PurchaseOrderId, Order.Sku, Order.Quantity, PurchaseOrderState.Delivered, ExpectedDeliveryAt, DeliveryId, delivered)
        : new PurchaseOrderState(Order.PurchaseOrderId, Order.Sku, Order.Quantity, PurchaseOrderState.Accepted, ExpectedDeliveryAt, null, null);
}
