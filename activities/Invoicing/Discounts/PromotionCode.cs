namespace HelperPlatform.Activities.Invoicing.Discounts;

/// <summary>A code a client gives with a quote for a discount, within its validity window, usage limits and service types.</summary>
public sealed class PromotionCode : Discount
{
    /// <summary>Upper case (<see cref="Normalize"/>): codes are case-insensitive and unique.</summary>
    public required string Code { get; set; }

    public int? TotalUsageLimit { get; set; }

    public int? PerClientUsageLimit { get; set; }

    /// <summary>The service type codes the code applies to; empty for every service type.</summary>
    public List<string> ServiceTypeCodes { get; set; } = [];

    public static string Normalize(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Trim().ToUpperInvariant();
    }
}
