namespace HelperPlatform.Activities.Invoicing.Discounts;

/// <summary>
/// A discount a manager grants one client: every quote of the client within the validity applies it by itself
/// (the best of the client's discounts when several hold).
/// </summary>
public sealed class ClientDiscount
{
    public Guid Id { get; set; }

    /// <summary>The client's account id.</summary>
    public required string ClientId { get; set; }

    public string? Description { get; set; }

    public decimal? Percent { get; set; }

    public decimal? Amount { get; set; }

    /// <summary>Required with <see cref="Amount"/>: a fixed discount applies only to quotes in its currency.</summary>
    public string? Currency { get; set; }

    public DateTimeOffset? ValidFrom { get; set; }

    /// <summary>Exclusive, as for promotion codes.</summary>
    public DateTimeOffset? ValidUntil { get; set; }

    public bool Active { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DeactivatedAt { get; set; }
}
