namespace HelperPlatform.Activities.Invoicing.Payouts;

/// <summary>
/// A worker's payout destination: only Golden Hat's token for the bank account. The latest registered is the one
/// paid; the older ones stay, so a disputed change can be traced.
/// </summary>
public sealed class PayoutDestination
{
    public Guid Id { get; set; }

    public required string WorkerId { get; set; }

    public required string Token { get; set; }

    public required string Last4 { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>The destination this one replaced; null for the worker's first.</summary>
    public Guid? ReplacesId { get; set; }

    /// <summary>When payouts may go to it: a change is held for the cooling period.</summary>
    public DateTimeOffset PayableFrom { get; set; }
}
