namespace HelperPlatform.Workflows.Totalizator;

/// <summary>The seed events the Totalizator journals, and its stream ids.</summary>
public static class TotalizatorEvents
{
    /// <summary>The seed's event: a bet the market's workflow accepted, its stake debited.</summary>
    public const string BetPlaced = "BetPlaced";

    public const string MarketOpened = "MarketOpened";

    public const string MarketClosed = "MarketClosed";

    /// <summary>The seed's "Calculate the winners": the market's settlement, paid out.</summary>
    public const string MarketSettled = "MarketSettled";

    public const string MarketCancelled = "MarketCancelled";

    public static string MarketStream(Guid marketId) => "market-" + marketId.ToString("N");
}
