namespace HelperPlatform.Activities.Invoicing.PaymentMethods;

/// <summary>
/// A client's payment method: only the token Golden Hat made for the card (the platform never sees a card
/// number). The last registered is the one charged.
/// </summary>
public sealed class PaymentMethod
{
    public Guid Id { get; set; }

    public required string ClientId { get; set; }

    public required string Token { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }
}
