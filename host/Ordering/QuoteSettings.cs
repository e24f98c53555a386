namespace HelperPlatform.Host.Ordering;

/// <summary>The <c>Ordering:Quotes</c> section.</summary>
public sealed class QuoteSettings
{
    public const string Section = "Ordering:Quotes";

    /// <summary>How long a client may place an order at the quoted price.</summary>
    public TimeSpan Validity { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a process quotes with the version it last learned is the latest without asking again. A publish in the
    /// same process takes effect at once; one made by a Management service elsewhere, within about this period (the
    /// refresh runs in the background while quotes keep the last version, for at most one more period).
    /// </summary>
    public TimeSpan LatestVersionRefresh { get; set; } = TimeSpan.FromSeconds(5);
}
