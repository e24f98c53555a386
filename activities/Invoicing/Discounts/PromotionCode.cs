namespace HelperPlatform.Activities.Invoicing.Discounts;

/// <summary>
/// A code a client gives with a quote for a discount: a percentage of the quote's subtotal or a fixed amount in
/// <see cref="Currency"/>, within its validity window, usage limits and service types. Managers create and
/// deactivate codes; nothing else about a code changes, so a quote's discount stays explainable.
/// </summary>
public sealed class PromotionCode
{
    public Guid Id { get; set; }

    /// <summary>Upper case (<see cref="Normalize"/>): codes are case-insensitive and unique.</summary>
    public required string Code { get; set; }

    public string? Description { get; set; }

    /// <summary>Of the quote's subtotal (base price plus surcharges); null for a fixed amount.</summary>
    public decimal? Percent { get; set; }

    /// <summary>A fixed amount in <see cref="Currency"/>; null for a percentage.</summary>
    public decimal? Amount { get; set; }

    /// <summary>Required with <see cref="Amount"/>; with <see cref="Percent"/>, when set, limits the code to quotes in this currency.</summary>
    public string? Currency { get; set; }

    public DateTimeOffset? ValidFrom { get; set; }

    /// <summary>Exclusive: the code is refused from this instant on.</summary>
    public DateTimeOffset? ValidUntil { get; set; }

    public int? TotalUsageLimit { get; set; }

    public int? PerClientUsageLimit { get; set; }

    /// <summary>The service type codes the code applies to; empty for every service type.</summary>
    public List<string> ServiceTypeCodes { get; set; } = [];

    public bool Active { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DeactivatedAt { get; set; }

    public static string Normalize(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Trim().ToUpperInvariant();
    }
}
