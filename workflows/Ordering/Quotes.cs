using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Management;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>
/// What a client asked to be priced, validated by the API, with the quote's id and instant fixed.
/// </summary>
/// <param name="ClientId">The account id of the client who asked.</param>
public sealed record QuoteRequest(
    Guid QuoteId,
    string ClientId,
    string ServiceTypeCode,
    string Address,
    string City,
    double Latitude,
    double Longitude,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    DateTimeOffset QuotedAt,
    DateTimeOffset ExpiresAt);

/// <summary>
/// The price of a quote: <see cref="BasePrice"/> plus each applied surcharge, less each applied discount, every
/// amount exact in the currency's minor unit, so <see cref="Total"/> is their plain sum.
/// </summary>
public sealed record QuotePrice(string Currency, decimal BasePrice, IReadOnlyList<AppliedSurcharge> Surcharges, IReadOnlyList<AppliedDiscount> Discounts, decimal Total);

/// <param name="Id">The surcharge's id in the service type, e.g. <c>weekend</c>.</param>
public sealed record AppliedSurcharge(string Id, SurchargeRule Rule, decimal Amount);

/// <summary>Ordering's quotes as other contexts ask for them, on Ordering's queue.</summary>
public interface IQuoteActivities
{
    /// <summary>The price a quote fixed, itemised (base, surcharges, discounts): what the order's invoice lists.</summary>
    [Activity]
    Task<QuotePrice> GetQuotePriceAsync(Guid quoteId);
}
