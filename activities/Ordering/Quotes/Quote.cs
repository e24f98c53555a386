namespace HelperPlatform.Activities.Ordering.Quotes;

/// <summary>
/// A price given to a client for a service type version, an address and a time window, valid until
/// <see cref="ExpiresAt"/>. An order made with it is charged exactly <see cref="Total"/>.
/// </summary>
public sealed class Quote
{
    public Guid Id { get; set; }

    /// <summary>The account id of the client the quote was made for; nobody else may use it.</summary>
    public required string ClientId { get; set; }

    public required string ServiceTypeCode { get; set; }

    /// <summary>The published version priced; an order made with the quote keeps it.</summary>
    public int ServiceTypeVersion { get; set; }

    public required string Address { get; set; }

    /// <summary>The city of the address: matching offers the order to pool workers of this city.</summary>
    public required string City { get; set; }

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public DateTimeOffset WindowEnd { get; set; }

    public required string Currency { get; set; }

    public decimal BasePrice { get; set; }

    /// <summary>The applied surcharges (<c>[{ id, rule, amount }]</c>) as jsonb, shown on the quote.</summary>
    public required string SurchargesJson { get; set; }

    /// <summary>The applied discounts (<c>[{ source, reference, description, amount }]</c>) as jsonb, from Invoicing.</summary>
    public required string DiscountsJson { get; set; }

    /// <summary>The promotion code among <see cref="DiscountsJson"/>: the placement reserves a use of it.</summary>
    public string? PromotionCode { get; set; }

    /// <summary>Base price plus surcharges less discounts.</summary>
    public decimal Total { get; set; }

    public DateTimeOffset QuotedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
