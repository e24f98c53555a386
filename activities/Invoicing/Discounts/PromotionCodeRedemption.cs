using System.Linq.Expressions;

namespace HelperPlatform.Activities.Invoicing.Discounts;

public enum RedemptionStatus
{
    /// <summary>Made by a placement; counts until confirmed or released, however long that takes.</summary>
    Reserved,

    /// <summary>The order was placed and its workflow confirmed it: counts until released.</summary>
    Confirmed,

    /// <summary>The order was cancelled, or the quote expired without an order: counts no more.</summary>
    Released,
}

/// <summary>One use of a promotion code, by the placement of one quote (the key, so a retried placement reserves once).</summary>
public sealed class PromotionCodeRedemption
{
    /// <summary>The uses a code's limits count: every one not released. A reservation never lapses by time.</summary>
    public static readonly Expression<Func<PromotionCodeRedemption, bool>> Counts = redemption => redemption.Status != RedemptionStatus.Released;

    public Guid QuoteId { get; set; }

    public Guid PromotionCodeId { get; set; }

    public required string ClientId { get; set; }

    public Guid? OrderId { get; set; }

    public RedemptionStatus Status { get; set; }

    public DateTimeOffset ReservedAt { get; set; }

    /// <summary>
    /// When the quote expired: a reservation still unconfirmed some time after it, whose quote Ordering placed no order
    /// with, is released by Ordering's reconciliation (no order can come later).
    /// </summary>
    public DateTimeOffset QuoteExpiresAt { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    public DateTimeOffset? ReleasedAt { get; set; }
}
