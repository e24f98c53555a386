using System.Globalization;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Activities.Invoicing.Discounts;

/// <summary>A discount's terms: a percentage of the subtotal, or a fixed amount in a currency.</summary>
public sealed record DiscountTerms(decimal? Percent, decimal? Amount, string? Currency)
{
    /// <summary>A fixed amount applies only in its own currency; a percentage limited to a currency likewise.</summary>
    public bool AppliesIn(string currency) => Currency is null || Currency == currency;

    /// <summary>
    /// What the terms take off <paramref name="subtotal"/>, before any cap. A percentage is rounded once, here, to the
    /// currency's minor unit, half away from zero (commercial rounding); a fixed amount is exact already (validated so).
    /// </summary>
    public decimal AmountOf(decimal subtotal, string currency) =>
        Amount ?? Money.Round(subtotal * Percent!.Value / 100m, currency, MidpointRounding.AwayFromZero);

    public string Describe() => Amount is { } amount
        ? string.Create(CultureInfo.InvariantCulture, $"{amount:0.##########} {Currency} off")
        : string.Create(CultureInfo.InvariantCulture, $"{Percent!.Value:0.##########} % off");
}

/// <summary>A discount that holds for a quote, before stacking.</summary>
public sealed record DiscountCandidate(DiscountSource Source, string Reference, string Description, DiscountTerms Terms);

/// <summary>
/// The stacking rule (docs/invoicing.md, "Discounts"): at most one client discount, the one that takes most off
/// the subtotal, then at most one promotion code. Each is computed on the subtotal (base price plus surcharges), not
/// on what the one before left, and is capped at what is left of the subtotal, so the total never goes below zero.
/// A discount the cap brings to zero is not shown.
/// </summary>
public static class DiscountRules
{
    public static IReadOnlyList<AppliedDiscount> Apply(decimal subtotal, string currency, IEnumerable<DiscountCandidate> clientDiscounts, DiscountCandidate? promotionCode)
    {
        ArgumentNullException.ThrowIfNull(clientDiscounts);
        var best = clientDiscounts
            .Where(candidate => candidate.Terms.AppliesIn(currency))
            .OrderByDescending(candidate => candidate.Terms.AmountOf(subtotal, currency))
            .ThenBy(candidate => candidate.Reference, StringComparer.Ordinal)
            .FirstOrDefault();
        var applied = new List<AppliedDiscount>();
        var left = subtotal;
        foreach (var candidate in new[] { best, promotionCode }.OfType<DiscountCandidate>())
        {
            var amount = Math.Min(candidate.Terms.AmountOf(subtotal, currency), left);
            if (amount > 0)
            {
                applied.Add(new AppliedDiscount(candidate.Source, candidate.Reference, candidate.Description, amount));
                left -= amount;
            }
        }

        return applied;
    }
}
