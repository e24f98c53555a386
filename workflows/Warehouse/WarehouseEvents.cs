namespace HelperPlatform.Workflows.Warehouse;

/// <summary>The seed events the warehouse journals, under the order's stream (<c>OrderingEvents.StreamId</c>).</summary>
public static class WarehouseEvents
{
    public const string OrderAssembled = "OrderAssembled";
    public const string OrderIssued = "OrderIssued";
}
