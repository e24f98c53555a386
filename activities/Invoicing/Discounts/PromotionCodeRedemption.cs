using System.Linq.Expressions;

namespace HelperPlatform.Activities.Invoicing.Discounts;

public enum RedemptionStatus
{
    /// <summary>Made by a placement; counts until <see cref="PromotionCodeRedemption.HoldUntil"/> unless confirmed.</summary>
    Reserved,

    /// <summary>The order was placed and its workflow confirmed it: counts until released.</summary>
    Confirmed,

    /// <summary>The order was cancelled: counts no more.</summary>
    Released,
}

/// <summary>One use of a promotion code, by the placement of one quote (the key, so a retried placement reserves once).</summary>
public sealed class PromotionCodeRedemption
{
    public Guid QuoteId { get; set; }

    public Guid PromotionCodeId { get; set; }

    public required string ClientId { get; set; }

    public Guid? OrderId { get; set; }

    public RedemptionStatus Status { get; set; }

    public DateTimeOffset ReservedAt { get; set; }

    /// <summary>The quote's expiry: a placement that failed after reserving (no order, so no confirmation) stops counting then.</summary>
    public DateTimeOffset HoldUntil { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    public DateTimeOffset? ReleasedAt { get; set; }

    /// <summary>The uses a code's limits count at <paramref name="now"/>: confirmed ones, and reservations still held.</summary>
    public static Expression<Func<PromotionCodeRedemption, bool>> CountsAt(DateTimeOffset now) =>
        redemption => redemption.Status == RedemptionStatus.Confirmed || (redemption.Status == RedemptionStatus.Reserved && redemption.HoldUntil > now);
}
