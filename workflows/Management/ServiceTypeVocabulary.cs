namespace HelperPlatform.Workflows.Management;

/// <summary>
/// The step types of a service type's fulfilment flow (docs/service-types.md, "Step catalogue"): what
/// Management validates and the order workflow interprets.
/// </summary>
public static class FlowStepTypes
{
    public const string PickSupplies = "pickSupplies";
    public const string MatchWorker = "matchWorker";
    public const string HandOver = "handOver";
    public const string CheckIn = "checkIn";
    public const string PhotoReport = "photoReport";
    public const string QualityReview = "qualityReview";
    public const string Wait = "wait";
}

/// <summary>The <c>properties</c> of fulfilment flow steps, by the step type that has them; the other types have none.</summary>
public static class FlowStepProperties
{
    /// <summary><c>checkIn</c>: how far from the order's address the worker may check in.</summary>
    public const string RadiusMeters = "radiusMeters";

    /// <summary><c>photoReport</c>: how many photos a report has at the least and the most.</summary>
    public const string MinPhotos = "minPhotos";
    public const string MaxPhotos = "maxPhotos";

    /// <summary><c>qualityReview</c>: the photo report whose photos are reviewed.</summary>
    public const string PhotoReportStepId = "photoReportStepId";

    /// <summary><c>wait</c>: how long the order pauses.</summary>
    public const string Duration = "duration";
}

/// <summary>A service type's set-level <c>properties</c>: its terms (docs/service-types.md, "Set-level properties").</summary>
public static class ServiceTypeProperties
{
    public const string Description = "description";
    public const string Currency = "currency";
    public const string BasePrice = "basePrice";
    public const string Surcharges = "surcharges";
    public const string TimeZone = "timeZone";
    public const string Supplies = "supplies";
    public const string Skill = "skill";
    public const string WorkerPayout = "workerPayout";
    public const string QualitySamplingPercent = "qualitySamplingPercent";
    public const string MatchingDeadline = "matchingDeadline";
    public const string OfferDeadline = "offerDeadline";
    public const string QualityRefundPercent = "qualityRefundPercent";
    public const string QualityPayoutPercent = "qualityPayoutPercent";
}

/// <summary>The keys of one item of a service type's <c>surcharges</c> (docs/service-types.md, "Price rules").</summary>
public static class SurchargeProperties
{
    public const string Id = "id";
    public const string Rule = "rule";
    public const string NoticeUnder = "noticeUnder";
    public const string Percent = "percent";
    public const string Rounding = "rounding";
    public const string Amount = "amount";
}

/// <summary>How a surcharge's <c>rule</c> is spelt, for <see cref="SurchargeRule"/>.</summary>
public static class SurchargeRuleNames
{
    public const string ShortNotice = "shortNotice";
    public const string Weekend = "weekend";
}

/// <summary>How a surcharge's <c>rounding</c> is spelt, for <see cref="RoundingRule"/>.</summary>
public static class RoundingRuleNames
{
    public const string HalfUp = "halfUp";
    public const string HalfEven = "halfEven";
    public const string Up = "up";
    public const string Down = "down";
}

/// <summary>The keys of one item of a service type's <c>supplies</c>.</summary>
public static class SupplyProperties
{
    public const string Sku = "sku";
    public const string Quantity = "quantity";
}
