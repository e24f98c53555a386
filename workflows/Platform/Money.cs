namespace HelperPlatform.Workflows.Platform;

/// <summary>
/// Amounts are <see cref="decimal"/> in a currency's major unit (45.10 EUR), exact to its minor unit (the
/// cent); never <see cref="double"/>. Pure and deterministic, so workflows may use it too.
/// </summary>
public static class Money
{
    /// <summary>The currencies the platform prices in, with the ISO 4217 number of minor-unit digits.</summary>
    private static readonly Dictionary<string, int> MinorDigitsByCurrency = new(StringComparer.Ordinal)
    {
        ["EUR"] = 2,
        ["USD"] = 2,
        ["GBP"] = 2,
        ["CHF"] = 2,
        ["RUB"] = 2,
        ["JPY"] = 0,
        ["KWD"] = 3,
    };

    public static IEnumerable<string> Currencies => MinorDigitsByCurrency.Keys;

    public static bool IsCurrency(string? code) => code is not null && MinorDigitsByCurrency.ContainsKey(code);

    /// <exception cref="ArgumentException">The currency is not one the platform prices in.</exception>
    public static int MinorDigits(string currency) =>
        MinorDigitsByCurrency.TryGetValue(currency, out var digits)
            ? digits
            : throw new ArgumentException($"'{currency}' is not a currency the platform prices in.", nameof(currency));

    /// <summary>True when the amount has no fraction below the currency's minor unit (45.10 EUR, not 45.105).</summary>
    public static bool IsExact(decimal amount, string currency) => decimal.Round(amount, MinorDigits(currency)) == amount;

    /// <summary>Brings <paramref name="amount"/> to the currency's minor unit the way <paramref name="mode"/> says.</summary>
    public static decimal Round(decimal amount, string currency, MidpointRounding mode) =>
        decimal.Round(amount, MinorDigits(currency), mode);
}
