using HelperPlatform.Workflows.Ordering;

namespace HelperPlatform.Activities.Ordering.Orders;

/// <summary>
/// What PostgreSQL announces when an order's status changes (trigger <c>orders_notify_status</c>, migration
/// <c>OrderStatusNotifications</c>), whichever process wrote it: on <see cref="Channel"/>, the order id and the new
/// status, separated by a space.
/// </summary>
public static class OrderStatusNotifications
{
    public const string Channel = "ordering_order_status";

    public static bool TryParse(string payload, out Guid orderId, out OrderStatus status)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var separator = payload.IndexOf(' ', StringComparison.Ordinal);
        status = default;
        orderId = default;
        return separator > 0
            && Guid.TryParse(payload.AsSpan(0, separator), out orderId)
            && Enum.TryParse(payload.AsSpan(separator + 1), ignoreCase: false, out status);
    }
}
