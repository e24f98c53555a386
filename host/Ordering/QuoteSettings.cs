namespace HelperPlatform.Host.Ordering;

/// <summary>The <c>Ordering:Quotes</c> section.</summary>
public sealed class QuoteSettings
{
    public const string Section = "Ordering:Quotes";

    /// <summary>How long a client may place an order at the quoted price.</summary>
    public TimeSpan Validity { get; set; } = TimeSpan.FromMinutes(15);
}
