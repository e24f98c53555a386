using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Host.Ordering;

/// <param name="ServiceType">The service type's code; its latest published version is priced.</param>
/// <param name="PromotionCode">Optional: a promotion code for a discount (case-insensitive); one that cannot be used is refused (422 naming it).</param>
/// <param name="WindowStart">ISO 8601 with an offset (<c>2026-11-28T10:00:00+01:00</c> or <c>…Z</c>); a time without one names no instant and is refused.</param>
public sealed record QuoteRequestBody(
    string? ServiceType,
    string? Address,
    string? City,
    double? Latitude,
    double? Longitude,
    string? WindowStart,
    string? WindowEnd,
    string? PromotionCode = null);

public sealed record SurchargeResponse(string Id, SurchargeRule Rule, decimal Amount);

/// <param name="Reference">The promotion code, or the id of the client's discount.</param>
public sealed record DiscountResponse(DiscountSource Source, string Reference, string Description, decimal Amount);

/// <summary>
/// A quote as the client sees it: the price, how it is made up (<c>total = basePrice + surcharges − discounts</c>,
/// each exact in the currency's minor unit), and until when an order may use it.
/// </summary>
public sealed record QuoteResponse(
    Guid Id,
    string ServiceType,
    int ServiceTypeVersion,
    string Address,
    string City,
    double Latitude,
    double Longitude,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string Currency,
    decimal BasePrice,
    IReadOnlyList<SurchargeResponse> Surcharges,
    IReadOnlyList<DiscountResponse> Discounts,
    decimal Total,
    DateTimeOffset QuotedAt,
    DateTimeOffset ExpiresAt);
