using System.Text.Json.Serialization;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Invoicing;

[JsonConverter(typeof(JsonStringEnumConverter<DiscountSource>))]
public enum DiscountSource
{
    /// <summary>A promotion code the client gave with the quote.</summary>
    PromotionCode,

    /// <summary>A discount a manager granted to the client.</summary>
    ClientDiscount,
}

/// <summary>
/// A discount a quote applied, as the invoice shows it: <see cref="Amount"/> is positive, exact in the currency's
/// minor unit, and subtracted from the quote's total.
/// </summary>
/// <param name="Reference">The promotion code, or the id of the client's discount.</param>
public sealed record AppliedDiscount(DiscountSource Source, string Reference, string Description, decimal Amount);

/// <summary>
/// What a quote asks Invoicing to discount: the client's own discounts apply by themselves, a promotion code when
/// the client gave one. <see cref="Subtotal"/> is the quote's base price plus its surcharges.
/// </summary>
public sealed record DiscountQuery(string ClientId, string ServiceTypeCode, string Currency, decimal Subtotal, string? PromotionCode, DateTimeOffset At);

/// <summary>
/// Invoicing's answer to a <see cref="DiscountQuery"/>: the discounts to apply, in order, whose sum never exceeds the
/// subtotal; or, when the promotion code cannot be used, why (and nothing is applied, so the client decides).
/// </summary>
public sealed record DiscountOffer(IReadOnlyList<AppliedDiscount> Discounts, string? PromotionCodeRefusal);

/// <summary>
/// A promotion code's use by a placement: one per quote, counted until the order's workflow confirms it or it is
/// released: by a cancellation, or by Ordering's reconciliation when the quote expired (<see cref="QuoteExpiresAt"/>)
/// without an order.
/// </summary>
public sealed record PromotionCodeUse(Guid QuoteId, string ClientId, string PromotionCode, DateTimeOffset QuoteExpiresAt, DateTimeOffset At);

/// <summary>
/// A page of the uses reserved but not confirmed whose quote expired before <see cref="QuotesExpiredBefore"/>, by quote
/// id after <see cref="After"/> (null: from the first), at most <see cref="Limit"/>.
/// </summary>
public sealed record UnconfirmedUseQuery(DateTimeOffset QuotesExpiredBefore, Guid? After, int Limit);

/// <summary>A reservation's answer: <see cref="Refusal"/> says why none was made (the code is used up or withdrawn).</summary>
public sealed record PromotionCodeReservation(bool Reserved, string? Refusal);

/// <summary>Invoicing's discounts as Ordering reaches them, on Invoicing's task queue; every call is idempotent.</summary>
public interface IDiscountActivities
{
    /// <summary>The discounts of a quote; reserves nothing.</summary>
    [Activity]
    Task<DiscountOffer> OfferDiscountsAsync(DiscountQuery query);

    /// <summary>Reserves one use of the code for the quote, within the code's total and per-client limits; a second call for the quote answers as the first.</summary>
    [Activity]
    Task<PromotionCodeReservation> ReservePromotionCodeAsync(PromotionCodeUse use);

    /// <summary>The quote's order was placed: its use counts for good (until released).</summary>
    [Activity]
    Task ConfirmPromotionCodeUseAsync(Guid quoteId, Guid orderId);

    /// <summary>The quote's order was cancelled: its use no longer counts. True when this call released it.</summary>
    [Activity]
    Task<bool> ReleasePromotionCodeUseAsync(Guid quoteId);

    /// <summary>The quote ids of the uses <paramref name="query"/> asks for, in order: the reservations an order may never confirm.</summary>
    [Activity]
    Task<IReadOnlyList<Guid>> FindUnconfirmedPromotionCodeUsesAsync(UnconfirmedUseQuery query);

    /// <summary>
    /// These quotes expired without an order (Ordering knows), so none can come: their reservations no longer count.
    /// Only a use still reserved whose quote expired changes; returns how many this call released.
    /// </summary>
    [Activity]
    Task<int> ReleaseUnplacedPromotionCodeUsesAsync(IReadOnlyList<Guid> quoteIds);
}

/// <summary>What a promotion code looks like, for the manager who creates one and the client who gives one.</summary>
public static class PromotionCodeFormat
{
    public const int MinLength = 3;
    public const int MaxLength = 32;

    public const string Description = "3 to 32 letters (A-Z, any case), digits, '-' or '_'";

    public static bool IsValid(string? code) =>
        code is { Length: >= MinLength and <= MaxLength } && code.All(character => char.IsAsciiLetterOrDigit(character) || character is '-' or '_');
}
