namespace HelperPlatform.Activities.Invoicing.Discounts;

/// <summary>
/// What promotion codes and client discounts share: their terms, validity and life. Managers create and deactivate
/// discounts; nothing else about one changes, so a quote's discount stays explainable.
/// </summary>
public abstract class Discount
{
    public Guid Id { get; set; }

    /// <summary>Shown on the quote's (and the invoice's) discount line; a description of the terms when absent.</summary>
    public string? Description { get; set; }

    /// <summary>Of the quote's subtotal (base price plus surcharges); null for a fixed amount.</summary>
    public decimal? Percent { get; set; }

    /// <summary>A fixed amount in <see cref="Currency"/>; null for a percentage.</summary>
    public decimal? Amount { get; set; }

    /// <summary>Required with <see cref="Amount"/>; with <see cref="Percent"/>, when set, limits the discount to quotes in this currency.</summary>
    public string? Currency { get; set; }

    public DateTimeOffset? ValidFrom { get; set; }

    /// <summary>Exclusive: the discount no longer applies from this instant on.</summary>
    public DateTimeOffset? ValidUntil { get; set; }

    public bool Active { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DeactivatedAt { get; set; }

    public DiscountTerms Terms => new(Percent, Amount, Currency);
}
