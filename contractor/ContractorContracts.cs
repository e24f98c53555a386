namespace HelperPlatform.Contractor;

/// <summary>A purchase order as the platform sends it. <see cref="PurchaseOrderId"/> is the buyer's idempotency key.</summary>
/// <param name="CallbackUrl">Where the delivery notice is posted.</param>
public sealed record PurchaseOrder(Guid PurchaseOrderId, string Sku, int Quantity, Uri CallbackUrl);

public sealed record PurchaseOrderAccepted(Guid PurchaseOrderId, string Status, DateTimeOffset ExpectedDeliveryAt);

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
