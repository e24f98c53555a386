namespace HelperPlatform.Host.Warehouse;

/// <param name="Status"><c>stocked</c> the first time, <c>already-delivered</c> for a repeat.</param>
public sealed record DeliveryReceipt(Guid PurchaseOrderId, string Status);
