namespace HelperPlatform.Activities.Invoicing.Discounts;

/// <summary>
/// A discount a manager grants one client: every quote of the client within the validity applies it by itself
/// (the best of the client's discounts when several hold).
/// </summary>
public sealed class ClientDiscount : Discount
{
    /// <summary>The client's account id.</summary>
    public required string ClientId { get; set; }
}
