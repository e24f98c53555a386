namespace HelperPlatform.Contractor;

/// <summary>A purchase order as the platform sends it. <see cref="PurchaseOrderId"/> is the buyer's idempotency key.</summary>
/// <param name="CallbackUrl">Where the delivery notice is posted.</param>
public sealed record PurchaseOrder(Guid PurchaseOrderId, string Sku, int Quantity, Uri CallbackUrl);

public sealed record PurchaseOrderAccepted(Guid PurchaseOrderId, string Status, DateTimeOffset ExpectedDeliveryAt);

/// <summary>What the supplier knows of an order: <see cref="Accepted"/>, or <see cref="Delivered"/> with the delivery's id and time.</summary>
/// <param name="DeliveryId">The same id the delivery callback carries; null until delivered.</param>
public sealed record PurchaseOrderState(
    Guid PurchaseOrderId, string Sku, int Quantity, string Status, DateTimeOffset ExpectedDeliveryAt, Guid? DeliveryId, DateTimeOffset? DeliveredAt)
{
    public const string Accepted = "accepted";
    public const string Delivered = "delivered";
}

/// <summary>The delivery callback. <see cref="DeliveryId"/> is the same in every retry or duplicate of one notice.</summary>
public sealed record DeliveryNotice(Guid DeliveryId, Guid PurchaseOrderId, string Sku, int Quantity, DateTimeOffset DeliveredAt);

/// <summary>How callbacks are signed; the platform implements the verifying side.</summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-Contractor-Timestamp";
    public const string SignatureHeader = "X-Contractor-Signature";

    /// <summary><c>v1=</c> and the lowercase hex HMAC-SHA256 of <c>{unix seconds}.{body}</c> with the shared secret.</summary>
    public static string Sign(string secret, long unixSeconds, string body)
    {
        var key = System.Text.Encoding.UTF8.GetBytes(secret);
        var payload = System.Text.Encoding.UTF8.GetBytes($"{unixSeconds}.{body}");
        return "v1=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(key, payload));
    }
}
