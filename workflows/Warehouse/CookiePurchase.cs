using Temporalio.Activities;

namespace HelperPlatform.Workflows.Warehouse;

/// <summary>Cookies to buy from the contractor. <see cref="PurchaseOrderId"/> is made in the workflow and is the contractor's idempotency key.</summary>
public sealed record PurchaseOrderRequest(Guid PurchaseOrderId, string Sku, int Quantity);

/// <summary>The contractor accepted the order and says when it expects to deliver.</summary>
public sealed record PurchaseOrderPlaced(Guid PurchaseOrderId, DateTimeOffset ExpectedDeliveryAt);

/// <summary>A verified delivery callback, as the webhook signals it to the waiting purchase workflow.</summary>
public sealed record ContractorDelivery(Guid DeliveryId, Guid PurchaseOrderId, string Sku, int Quantity, DateTimeOffset DeliveredAt);

/// <summary>The contractor, as the Warehouse worker reaches it.</summary>
public interface IContractorActivities
{
    /// <summary>The error type of a purchase order the contractor refused as invalid: retrying cannot help.</summary>
    const string RejectedErrorType = "ContractorRejectedOrder";

    /// <summary>Records the purchase order and sends it to the contractor, with the delivery callback's address.</summary>
    [Activity]
    Task<PurchaseOrderPlaced> PlaceContractorOrderAsync(PurchaseOrderRequest request);

    /// <summary>
    /// Asks the contractor whether the order is delivered, booking the delivery (idempotently, as the webhook
    /// does) when it is, and places the order again with the same id when the contractor does not know it.
    /// </summary>
    /// <returns>The delivery, or null while there is none.</returns>
    [Activity]
    Task<ContractorDelivery?> CheckContractorOrderAsync(PurchaseOrderRequest request);
}
