using HelperPlatform.Activities.Management.ServiceTypes;
using HelperPlatform.Activities.Ordering.Quotes;
using HelperPlatform.Host.Management;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Tests.Ordering;

/// <summary>
/// The price rules of docs/service-types.md, case by case: short notice and its boundary, weekend in the
/// service type's time zone (not UTC, not the caller's offset), each rounding, currencies with 0, 2 and 3 minor digits.
/// </summary>
public sealed class PriceCalculatorTests
{
    /// <summary>Friday 2026-11-27 12:00 in Berlin (CET, UTC+1): the documented example's quote time.</summary>
    private static readonly DateTimeOffset FridayNoonBerlin = DateTimeOffset.Parse("2026-11-27T12:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The terms of the documented example, docs/examples/service-type.json.</summary>
    private static readonly ServiceTerms DocumentedTerms = ServiceTypeKind.ReadPublishedTerms(DefinitionExamples.ServiceType().ToJsonString());

    /// <summary>Surcharges like the documented example's, to vary one thing at a time.</summary>
    private static readonly Surcharge ShortNotice = new("short-notice", SurchargeRule.ShortNotice, TimeSpan.FromHours(24), 12.5m, RoundingRule.HalfUp, null);
    private static readonly Surcharge Weekend = new("weekend", SurchargeRule.Weekend, null, null, null, 10.00m);

    public static TheoryData<string, string, decimal, string[]> DocumentedExample() => new()
    {
        { "Monday, days ahead: base price only", "2026-11-30T10:00:00+01:00", 45.00m, [] },
        { "Saturday tomorrow: short notice 5.625 rounds half up to 5.63, weekend 10.00", "2026-11-28T10:00:00+01:00", 60.63m, ["short-notice", "weekend"] },
        { "exactly 24 hours ahead is not short notice", "2026-11-28T12:00:00+01:00", 55.00m, ["weekend"] },
        { "one second under 24 hours is short notice", "2026-11-28T11:59:59+01:00", 60.63m, ["short-notice", "weekend"] },
        { "Friday 23:30 UTC is Saturday 00:30 in Berlin: weekend", "2026-11-27T23:30:00Z", 60.63m, ["short-notice", "weekend"] },
        { "Friday 23:59:59 in Berlin is not weekend yet", "2026-11-27T23:59:59+01:00", 50.63m, ["short-notice"] },
        { "Sunday 23:59 in Berlin is still weekend", "2026-11-29T23:59:00+01:00", 55.00m, ["weekend"] },
        { "Sunday 23:30 UTC is Monday 00:30 in Berlin: not weekend", "2026-11-29T23:30:00Z", 45.00m, [] },
        { "a Saturday given in New York's offset is judged in Berlin", "2026-11-28T05:00:00-05:00", 60.63m, ["short-notice", "weekend"] },
    };

    [Theory]
    [MemberData(nameof(DocumentedExample))]
    public void Price_OfTheDocumentedExample_FollowsTheWrittenRules(string scenario, string windowStart, decimal total, string[] applied)
    {
        var price = PriceCalculator.Price(DocumentedTerms, Instant(windowStart), FridayNoonBerlin);

        Assert.True(total == price.Total, $"{scenario}: {price.Total}");
        Assert.Equal(applied, price.Surcharges.Select(surcharge => surcharge.Id));
        Assert.Equal(price.BasePrice + price.Surcharges.Sum(surcharge => surcharge.Amount), price.Total);
    }

    [Theory]
    [InlineData(RoundingRule.HalfUp, "45.00", "5.63")]
    [InlineData(RoundingRule.HalfEven, "45.00", "5.62")]
    [InlineData(RoundingRule.HalfEven, "45.08", "5.64")]
    [InlineData(RoundingRule.Up, "45.00", "5.63")]
    [InlineData(RoundingRule.Down, "45.00", "5.62")]
    [InlineData(RoundingRule.Up, "40.00", "5.00")]
    [InlineData(RoundingRule.Down, "45.07", "5.63")]
    [InlineData(RoundingRule.Up, "45.07", "5.64")]
    public void Price_WithAPercentSurcharge_RoundsByTheSurchargesOwnRule(RoundingRule rounding, string basePrice, string expected)
    {
        var surcharge = ShortNotice with { Rounding = rounding };

        var price = PriceCalculator.Price(Terms(Amount(basePrice), "EUR", "Europe/Berlin", surcharge), FridayNoonBerlin.AddHours(1), FridayNoonBerlin);

        Assert.Equal(Amount(expected), Assert.Single(price.Surcharges).Amount);
        Assert.Equal(Amount(basePrice) + Amount(expected), price.Total);
    }

    [Theory]
    [InlineData("JPY", "4500", "12.5", "563")]
    [InlineData("KWD", "12.345", "10", "1.235")]
    [InlineData("EUR", "0.01", "50", "0.01")]
    public void Price_RoundsToTheCurrencysMinorUnit(string currency, string basePrice, string percent, string expected)
    {
        var surcharge = ShortNotice with { Percent = Amount(percent) };

        var price = PriceCalculator.Price(Terms(Amount(basePrice), currency, "Europe/Berlin", surcharge), FridayNoonBerlin.AddHours(1), FridayNoonBerlin);

        Assert.Equal(Amount(expected), Assert.Single(price.Surcharges).Amount);
    }

    [Fact]
    public void Price_WithTieredShortNoticeSurcharges_AppliesEveryOneThatHoldsOnTheBasePrice()
    {
        var under24Hours = ShortNotice with { Percent = 10m };
        var under4Hours = new Surcharge("very-short-notice", SurchargeRule.ShortNotice, TimeSpan.FromHours(4), 15m, RoundingRule.HalfUp, null);
        var terms = Terms(45.00m, "EUR", "Europe/Berlin", under24Hours, under4Hours);

        var inTwoHours = PriceCalculator.Price(terms, FridayNoonBerlin.AddHours(2), FridayNoonBerlin);
        var inTenHours = PriceCalculator.Price(terms, FridayNoonBerlin.AddHours(10), FridayNoonBerlin);

        Assert.Equal([4.50m, 6.75m], inTwoHours.Surcharges.Select(surcharge => surcharge.Amount));
        Assert.Equal(56.25m, inTwoHours.Total);
        Assert.Equal(49.50m, inTenHours.Total);
    }

    [Fact]
    public void Price_AroundTheDaylightSavingChange_UsesTheOffsetInForceThatDay()
    {
        // Berlin is on summer time (UTC+2) until Sunday 2026-10-25 03:00, then on UTC+1: that weekend starts at
        // Friday 22:00 UTC and ends at Sunday 23:00 UTC. A fixed offset would get one end wrong.
        var terms = Terms(45.00m, "EUR", "Europe/Berlin", Weekend);
        var quotedAt = Instant("2026-10-20T12:00:00Z");

        Assert.Equal(45.00m, PriceCalculator.Price(terms, Instant("2026-10-23T21:30:00Z"), quotedAt).Total);
        Assert.Equal(55.00m, PriceCalculator.Price(terms, Instant("2026-10-23T22:30:00Z"), quotedAt).Total);
        Assert.Equal(55.00m, PriceCalculator.Price(terms, Instant("2026-10-25T22:30:00Z"), quotedAt).Total);
        Assert.Equal(45.00m, PriceCalculator.Price(terms, Instant("2026-10-25T23:30:00Z"), quotedAt).Total);
    }

    [Fact]
    public void Price_InAnotherTimeZone_JudgesTheWeekendThere()
    {
        var newYork = Terms(45.00m, "USD", "America/New_York", Weekend);
        var quotedAt = Instant("2026-11-20T12:00:00Z");

        // Friday 20:00 in New York is already Saturday in UTC; it is not the weekend where the service is done.
        Assert.Equal(45.00m, PriceCalculator.Price(newYork, Instant("2026-11-28T01:00:00Z"), quotedAt).Total);
        Assert.Equal(55.00m, PriceCalculator.Price(newYork, Instant("2026-11-28T05:00:00Z"), quotedAt).Total);
    }

    private static ServiceTerms Terms(decimal basePrice, string currency, string timeZone, params Surcharge[] surcharges) => new(
        "Cookies", currency, basePrice, surcharges, timeZone, [], "cookie-delivery", 0m, 0, TimeSpan.FromHours(4), TimeSpan.FromMinutes(15), 100, 100);

    private static decimal Amount(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
