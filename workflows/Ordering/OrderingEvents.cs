namespace HelperPlatform.Workflows.Ordering;

/// <summary>
/// The seed events Ordering journals under an order's stream, and the lifecycle facts that escalate and close it.
/// The order's timeline (Ordering's journal) also holds the other contexts' events of the order, named by the
/// context that owns each (<c>WarehouseEvents</c>, <c>ExecutionEvents</c>, <c>ManagementEvents</c>).
/// </summary>
public static class OrderingEvents
{
    public const string HelpRequested = "HelpRequested";
    public const string WorkerAssigned = "WorkerAssigned";

    /// <summary>Not a seed event: matching found nobody by its deadline and handed the order to managers.</summary>
    public const string MatchingEscalated = "MatchingEscalated";
    public const string OrderCompleted = "OrderCompleted";
    public const string OrderCancelled = "OrderCancelled";

    /// <summary>Not a seed event: the order's workflow was lost and reconciliation closed the order, freeing what it held.</summary>
    public const string OrderFailed = "OrderFailed";

    /// <summary>The order's stream, in Ordering's journal and in every other context's journal that records the order's events.</summary>
    public static string StreamId(Guid orderId) => $"order/{orderId}";
}
