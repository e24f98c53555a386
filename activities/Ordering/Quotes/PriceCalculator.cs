using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Activities.Ordering.Quotes;

/// <summary>
/// The price rules of docs/service-types.md: the base price plus every surcharge whose rule holds, each
/// computed on the base price alone and brought to the minor unit by its own rounding, so the total is an
/// exact sum and is never rounded again. Discounts (Invoicing's, <see cref="WithDiscounts"/>) come off that sum.
/// </summary>
public static class PriceCalculator
{
    public static QuotePrice Price(ServiceTerms terms, DateTimeOffset windowStart, DateTimeOffset quotedAt)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var applied = terms.Surcharges
            .Where(surcharge => Holds(surcharge, terms.TimeZone, windowStart, quotedAt))
            .Select(surcharge => new AppliedSurcharge(surcharge.Id, surcharge.Rule, Amount(surcharge, terms)))
            .ToList();
        return new QuotePrice(terms.Currency, terms.BasePrice, applied, [], terms.BasePrice + applied.Sum(surcharge => surcharge.Amount));
    }

    /// <summary>
    /// The price less <paramref name="discounts"/>, which Invoicing computed on the subtotal (base price plus
    /// surcharges), each exact in the minor unit and together never above the subtotal: nothing is rounded here.
    /// </summary>
    public static QuotePrice WithDiscounts(QuotePrice price, IReadOnlyList<AppliedDiscount> discounts)
    {
        ArgumentNullException.ThrowIfNull(price);
        ArgumentNullException.ThrowIfNull(discounts);
        var total = price.Total - discounts.Sum(discount => discount.Amount);
        if (total < 0 || discounts.Any(discount => discount.Amount <= 0 || !Money.IsExact(discount.Amount, price.Currency)))
        {
            throw new InvalidOperationException($"Discounts of {discounts.Sum(discount => discount.Amount)} {price.Currency} do not fit a subtotal of {price.Total} {price.Currency}.");
        }

        return price with { Discounts = discounts, Total = total };
    }

    private static bool Holds(Surcharge surcharge, string timeZone, DateTimeOffset windowStart, DateTimeOffset quotedAt) => surcharge.Rule switch
    {
        // Strictly less: a window exactly the notice period ahead is not short notice.
        SurchargeRule.ShortNotice => windowStart - quotedAt < surcharge.NoticeUnder,
        SurchargeRule.Weekend => IsWeekend(TimeZoneInfo.ConvertTime(windowStart, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DayOfWeek),
        _ => throw new ArgumentOutOfRangeException(nameof(surcharge), surcharge.Rule, "Unknown surcharge rule."),
    };

    private static bool IsWeekend(DayOfWeek day) => day is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>A percentage is of the base price and rounded by the surcharge's own rule; a fixed amount is exact already.</summary>
    private static decimal Amount(Surcharge surcharge, ServiceTerms terms) =>
        surcharge.Amount ?? Money.Round(terms.BasePrice * surcharge.Percent!.Value / 100m, terms.Currency, surcharge.Rounding!.Value.Mode());
}
