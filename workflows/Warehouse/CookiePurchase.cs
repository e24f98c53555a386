namespace HelperPlatform.Workflows.Warehouse;

/// <summary>Cookies to buy from the contractor. <see cref="PurchaseOrderId"/> is made in the workflow and is the contractor's idempotency key.</summary>
public sealed record PurchaseOrderRequest(Guid PurchaseOrderId, string Sku, int Quantity);

/// <summary>The contractor accepted the order and says when it expects to deliver.</summary>
public sealed record PurchaseOrderPlaced(Guid PurchaseOrderId, DateTimeOffset ExpectedDeliveryAt);

/// <summary>A verified delivery callback, as the webhook signals it to the waiting purchase workflow.</summary>
public sealed record ContractorDelivery(Guid DeliveryId, Guid PurchaseOrderId, string Sku, int Quantity, DateTimeOffset DeliveredAt);

public static class ContractorActivityNames
{
    public const string PlaceOrder = "PlaceContractorOrder";

    /// <summary>The error type of a purchase order the contractor refused as invalid: retrying cannot help.</summary>
    public const string RejectedErrorType = "ContractorRejectedOrder";
}
