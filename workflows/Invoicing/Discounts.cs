namespace HelperPlatform.Workflows.Invoicing;

public enum DiscountSource
{
    /// <summary>A promotion code the client gave with the quote.</summary>
    PromotionCode,

    /// <summary>A discount a manager granted to the client.</summary>
    ClientDiscount,
}

/// <summary>
/// A discount a quote applied, as the invoice shows it: <see cref="Amount"/> is positive, exact in the currency's
/// minor unit, and subtracted from the quote's total.
/// </summary>
/// <param name="Reference">The promotion code, or the id of the client's discount.</param>
public sealed record AppliedDiscount(DiscountSource Source, string Reference, string Description, decimal Amount);
