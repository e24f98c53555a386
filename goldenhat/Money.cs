namespace HelperPlatform.GoldenHat;

/// <summary>The currencies Golden Hat takes, their minor units, and its fee.</summary>
public static class Money
{
    /// <summary>Decimal places of each accepted ISO 4217 currency.</summary>
    public static readonly IReadOnlyDictionary<string, int> MinorUnits = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["EUR"] = 2, ["USD"] = 2, ["GBP"] = 2, ["CHF"] = 2, ["PLN"] = 2, ["CZK"] = 2, ["SEK"] = 2, ["NOK"] = 2, ["DKK"] = 2,
        ["JPY"] = 0,
        ["KWD"] = 3,
    };

    /// <summary>The largest amount of one charge, in major units.</summary>
    public const decimal MaximumAmount = 999_999.99m;

    /// <summary>Whether <paramref name="amount"/> is whole in the currency's minor unit (0.015 EUR is not).</summary>
    public static bool IsExact(decimal amount, string currency) => decimal.Round(amount, MinorUnits[currency]) == amount;

    /// <summary>
    /// <paramref name="rate"/> of the amount, rounded half away from zero to the minor unit, plus the fixed part;
    /// never more than the charge itself.
    /// </summary>
    public static decimal Fee(decimal amount, string currency, decimal rate, int fixedMinorUnits)
    {
        var places = MinorUnits[currency];
        var proportional = decimal.Round(amount * rate, places, MidpointRounding.AwayFromZero);
        var fixedPart = fixedMinorUnits / Pow10(places);
        return Math.Min(amount, proportional + fixedPart);
    }

    private static decimal Pow10(int places)
    {
        var result = 1m;
        for (var i = 0; i < places; i++)
        {
            result *= 10;
        }

        return result;
    }
}
