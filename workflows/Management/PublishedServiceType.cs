using System.Text.Json.Serialization;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Management;

/// <summary>
/// A published, immutable service type version as other contexts receive it. An order keeps
/// <see cref="Code"/> and <see cref="Version"/>, so a later publish never changes it.
/// </summary>
/// <param name="DefinitionJson">The version's tree, in the format of <c>docs/service-types.md</c>; its flow is what the order workflow interprets.</param>
public sealed record PublishedServiceType(string Code, int Version, string Name, ServiceTerms Terms, string DefinitionJson)
{
    /// <summary>The name of the service type kind among Management's versioned definitions.</summary>
    public const string DefinitionKind = "service-type";
}

/// <summary>The set-level properties of a service type, read and validated by Management.</summary>
/// <param name="Currency">ISO 4217 code; every amount here is exact in its minor unit.</param>
/// <param name="TimeZone">IANA id of the zone the service is performed in; calendar rules (weekend) read local time there.</param>
/// <param name="QualitySamplingPercent">Share of orders, 0–100, whose quality review runs.</param>
/// <param name="MatchingDeadline">Time from the order to escalating to managers when no worker accepted.</param>
/// <param name="OfferDeadline">Time one worker has to accept an offer before it goes to the next.</param>
/// <param name="QualityRefundPercent">Share of the invoice, 0–100, refunded to the client when the order fails its quality check.</param>
/// <param name="QualityPayoutPercent">Share of <paramref name="WorkerPayout"/>, 0–100, the worker keeps when the order fails its quality check.</param>
public sealed record ServiceTerms(
    string Description,
    string Currency,
    decimal BasePrice,
    IReadOnlyList<Surcharge> Surcharges,
    string TimeZone,
    IReadOnlyList<SupplyLine> Supplies,
    string Skill,
    decimal WorkerPayout,
    int QualitySamplingPercent,
    TimeSpan MatchingDeadline,
    TimeSpan OfferDeadline,
    int QualityRefundPercent,
    int QualityPayoutPercent);

/// <summary>
/// An addition to the base price when its rule holds: either <paramref name="Percent"/> of the base price,
/// rounded to the currency's minor unit by <paramref name="Rounding"/>, or a fixed <paramref name="Amount"/>.
/// </summary>
/// <param name="NoticeUnder">For <see cref="SurchargeRule.ShortNotice"/>: the window starts less than this after the quote.</param>
public sealed record Surcharge(
    string Id,
    SurchargeRule Rule,
    TimeSpan? NoticeUnder,
    decimal? Percent,
    RoundingRule? Rounding,
    decimal? Amount);

/// <summary>Spelt in JSON as in the service type's tree (<c>shortNotice</c>), in Temporal payloads and HTTP answers alike.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SurchargeRule>))]
public enum SurchargeRule
{
    /// <summary>The time window starts less than <see cref="Surcharge.NoticeUnder"/> after the quote is made.</summary>
    [JsonStringEnumMemberName(SurchargeRuleNames.ShortNotice)]
    ShortNotice,

    /// <summary>The time window starts on a Saturday or Sunday, local time in the service type's time zone.</summary>
    [JsonStringEnumMemberName(SurchargeRuleNames.Weekend)]
    Weekend,
}

/// <summary>How a computed amount is brought to the currency's minor unit.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RoundingRule>))]
public enum RoundingRule
{
    /// <summary>To the nearest minor unit; a half goes up (0.125 → 0.13).</summary>
    [JsonStringEnumMemberName(RoundingRuleNames.HalfUp)]
    HalfUp,

    /// <summary>To the nearest minor unit; a half goes to the even neighbour (0.125 → 0.12, 0.135 → 0.14).</summary>
    [JsonStringEnumMemberName(RoundingRuleNames.HalfEven)]
    HalfEven,

    /// <summary>Up to the next minor unit (0.121 → 0.13).</summary>
    [JsonStringEnumMemberName(RoundingRuleNames.Up)]
    Up,

    /// <summary>Down to the minor unit (0.129 → 0.12).</summary>
    [JsonStringEnumMemberName(RoundingRuleNames.Down)]
    Down,
}

public static class RoundingRules
{
    /// <summary>The rule as the mode <c>Money.Round</c> takes.</summary>
    public static MidpointRounding Mode(this RoundingRule rule) => rule switch
    {
        RoundingRule.HalfUp => MidpointRounding.AwayFromZero,
        RoundingRule.HalfEven => MidpointRounding.ToEven,
        RoundingRule.Up => MidpointRounding.ToPositiveInfinity,
        RoundingRule.Down => MidpointRounding.ToZero,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown rounding rule."),
    };
}

/// <param name="Sku">The warehouse's stock-keeping unit, e.g. <c>COOKIE-BOX-12</c>.</param>
public sealed record SupplyLine(string Sku, int Quantity);

/// <summary>Published service types, on the Management queue: no other context reads the management schema.</summary>
public interface IServiceTypeActivities
{
    /// <summary>The latest published version of <paramref name="code"/>; null when it has none.</summary>
    [Activity]
    Task<PublishedServiceType?> FindPublishedServiceTypeAsync(string code);

    /// <summary>One given version, which an order pinned when it was placed; null when it was never published.</summary>
    [Activity]
    Task<PublishedServiceType?> FindServiceTypeVersionAsync(string code, int version);
}
