namespace HelperPlatform.Host.Invoicing;

/// <summary>A new promotion code (manager). Either <paramref name="Percent"/> or <paramref name="Amount"/> with <paramref name="Currency"/>.</summary>
/// <param name="Code">Case-insensitive and unique; stored and shown upper case.</param>
/// <param name="Percent">Of the quote's subtotal (base price plus surcharges), above 0 and at most 100, at most two decimals.</param>
/// <param name="Amount">A fixed amount, exact in <paramref name="Currency"/>'s minor unit.</param>
/// <param name="Currency">Required with <paramref name="Amount"/>; with <paramref name="Percent"/>, optional and limits the code to quotes in it.</param>
/// <param name="ValidFrom">Optional ISO 8601 instant with an offset; the code is refused before it.</param>
/// <param name="ValidUntil">Optional ISO 8601 instant with an offset, exclusive; the code is refused from it on.</param>
/// <param name="TotalUsageLimit">Optional: how many placed orders may use the code in all.</param>
/// <param name="PerClientUsageLimit">Optional: how many placed orders of one client may use it.</param>
/// <param name="ServiceTypes">Optional: the service type codes it applies to; none or empty for all.</param>
public sealed record PromotionCodeBody(
    string? Code,
    string? Description,
    decimal? Percent,
    decimal? Amount,
    string? Currency,
    string? ValidFrom,
    string? ValidUntil,
    int? TotalUsageLimit,
    int? PerClientUsageLimit,
    IReadOnlyList<string>? ServiceTypes);

/// <param name="Used">Uses by placed orders (cancelled ones released theirs).</param>
/// <param name="Reserved">Uses reserved by placements not yet confirmed by their order; they lapse when their quote expires.</param>
public sealed record PromotionCodeResponse(
    string Code,
    string? Description,
    decimal? Percent,
    decimal? Amount,
    string? Currency,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    int? TotalUsageLimit,
    int? PerClientUsageLimit,
    IReadOnlyList<string> ServiceTypes,
    bool Active,
    int Used,
    int Reserved,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeactivatedAt);

/// <summary>A discount for one client (manager): every quote of theirs within the validity applies it.</summary>
/// <param name="ClientId">The client's account id.</param>
/// <param name="Currency">Required with <paramref name="Amount"/>: a fixed discount applies only to quotes in it; with <paramref name="Percent"/>, optional and limits it likewise.</param>
public sealed record ClientDiscountBody(
    string? ClientId,
    string? Description,
    decimal? Percent,
    decimal? Amount,
    string? Currency,
    string? ValidFrom,
    string? ValidUntil);

public sealed record ClientDiscountResponse(
    Guid Id,
    string ClientId,
    string? Description,
    decimal? Percent,
    decimal? Amount,
    string? Currency,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    bool Active,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeactivatedAt);
