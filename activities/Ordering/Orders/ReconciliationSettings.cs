namespace HelperPlatform.Activities.Ordering.Orders;

/// <summary>The <c>Ordering:Reconciliation</c> section: how often lost order workflows are looked for, and how soon; when an unplaced quote's promotion code reservation is released.</summary>
public sealed class ReconciliationSettings
{
    public const string Section = "Ordering:Reconciliation";

    /// <summary>The time between two passes; also how often the host makes sure the reconciliation runs at all.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An order updated more recently than this is left alone: its workflow may be closing it right now.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long after a quote expired without an order its promotion code's reservation is released: longer than any
    /// placement that read the quote before its expiry takes to store its order.
    /// </summary>
    public TimeSpan ExpiredQuoteMargin { get; set; } = TimeSpan.FromMinutes(10);
}
