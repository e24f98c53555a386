using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>
/// Reads a service type's set-level properties into <see cref="ServiceTerms"/>, reporting every problem with
/// its path. The result is null when anything is wrong, so only valid terms ever reach pricing.
/// </summary>
internal static class ServiceTermsReader
{
    public const decimal MaxPrice = 1_000_000m;
    public const decimal MaxSurchargePercent = 1000m;
    public const int PercentDecimals = 4;
    public const int MaxSupplyQuantity = 1000;
    public static readonly TimeSpan MaxNoticeUnder = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxMatchingDeadline = TimeSpan.FromDays(7);
    public const int DefaultQualityRefundPercent = 100;
    public const int DefaultQualityPayoutPercent = 100;

    public static ServiceTerms? Read(PropertyReader properties)
    {
        properties.AllowOnly(
            ServiceTypeProperties.Description, ServiceTypeProperties.Currency, ServiceTypeProperties.BasePrice,
            ServiceTypeProperties.Surcharges, ServiceTypeProperties.TimeZone, ServiceTypeProperties.Supplies,
            ServiceTypeProperties.Skill, ServiceTypeProperties.WorkerPayout, ServiceTypeProperties.QualitySamplingPercent,
            ServiceTypeProperties.MatchingDeadline, ServiceTypeProperties.OfferDeadline, ServiceTypeProperties.QualityRefundPercent,
            ServiceTypeProperties.QualityPayoutPercent);
        var description = properties.Text(ServiceTypeProperties.Description, 2000);
        var currency = ReadCurrency(properties);
        var basePrice = ReadMoney(properties, ServiceTypeProperties.BasePrice, currency, allowZero: false);
        var surcharges = ReadSurcharges(properties, currency);
        var timeZone = ReadTimeZone(properties);
        var supplies = ReadSupplies(properties);
        var skill = ReadSkill(properties);
        var workerPayout = ReadMoney(properties, ServiceTypeProperties.WorkerPayout, currency, allowZero: true);
        if (workerPayout > basePrice)
        {
            properties.Problem(
                ServiceTypeProperties.WorkerPayout,
                $"'{ServiceTypeProperties.WorkerPayout}' {workerPayout} is above '{ServiceTypeProperties.BasePrice}' {basePrice}: every order would lose money.");
            workerPayout = null;
        }

        var samplingPercent = properties.WholeNumber(ServiceTypeProperties.QualitySamplingPercent, 0, 100);
        // Optional: a failed quality check refunds the whole price unless the service type says otherwise.
        var refundPercent = properties.Has(ServiceTypeProperties.QualityRefundPercent)
            ? properties.WholeNumber(ServiceTypeProperties.QualityRefundPercent, 0, 100)
            : DefaultQualityRefundPercent;
        // Optional: the worker keeps the whole payout of a failed order unless the service type says otherwise.
        var payoutPercent = properties.Has(ServiceTypeProperties.QualityPayoutPercent)
            ? properties.WholeNumber(ServiceTypeProperties.QualityPayoutPercent, 0, 100)
            : DefaultQualityPayoutPercent;
        var matchingDeadline = properties.Duration(ServiceTypeProperties.MatchingDeadline, MaxMatchingDeadline);
        var offerDeadline = properties.Duration(ServiceTypeProperties.OfferDeadline, MaxMatchingDeadline);
        if (offerDeadline >= matchingDeadline)
        {
            properties.Problem(
                ServiceTypeProperties.OfferDeadline,
                $"'{ServiceTypeProperties.OfferDeadline}' must be shorter than '{ServiceTypeProperties.MatchingDeadline}', or not even one offer could expire before escalation.");
            offerDeadline = null;
        }

        return description is null || currency is null || basePrice is null || surcharges is null || timeZone is null
            || supplies is null || skill is null || workerPayout is null || samplingPercent is null
            || matchingDeadline is null || offerDeadline is null || refundPercent is null || payoutPercent is null
            ? null
            : new ServiceTerms(
                description, currency, basePrice.Value, surcharges, timeZone, supplies, skill, workerPayout.Value,
                samplingPercent.Value, matchingDeadline.Value, offerDeadline.Value, refundPercent.Value, payoutPercent.Value);
    }

    private static string? ReadCurrency(PropertyReader properties)
    {
        var currency = properties.Text(ServiceTypeProperties.Currency, 3);
        if (currency is not null && !Money.IsCurrency(currency))
        {
            properties.Problem(ServiceTypeProperties.Currency, $"'{currency}' is not a currency the platform prices in; use one of {string.Join(", ", Money.Currencies)}.");
            return null;
        }

        return currency;
    }

    /// <summary>An amount above zero (or zero when allowed), at most <see cref="MaxPrice"/>, exact in the currency's minor unit.</summary>
    private static decimal? ReadMoney(PropertyReader properties, string name, string? currency, bool allowZero)
    {
        var amount = properties.Number(name);
        if (amount is null)
        {
            return null;
        }

        if (amount < 0 || (amount == 0 && !allowZero) || amount > MaxPrice)
        {
            properties.Problem(name, $"'{name}' must be {(allowZero ? "at least 0" : "above 0")} and at most {MaxPrice}.");
            return null;
        }

        if (currency is not null && !Money.IsExact(amount.Value, currency))
        {
            properties.Problem(name, $"'{name}' {amount} has more decimals than {currency} has minor-unit digits ({Money.MinorDigits(currency)}).");
            return null;
        }

        return currency is null ? null : amount;
    }

    private static List<Surcharge>? ReadSurcharges(PropertyReader properties, string? currency)
    {
        var items = properties.Objects(ServiceTypeProperties.Surcharges);
        if (items is null)
        {
            return null;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var surcharges = new List<Surcharge>();
        var allRead = true;
        foreach (var item in items)
        {
            var surcharge = ReadSurcharge(item, currency, ids);
            allRead &= surcharge is not null;
            if (surcharge is not null)
            {
                surcharges.Add(surcharge);
            }
        }

        return allRead && items.Count == surcharges.Count ? surcharges : null;
    }

    private static Surcharge? ReadSurcharge(PropertyReader item, string? currency, HashSet<string> ids)
    {
        item.AllowOnly(
            SurchargeProperties.Id, SurchargeProperties.Rule, SurchargeProperties.NoticeUnder,
            SurchargeProperties.Percent, SurchargeProperties.Rounding, SurchargeProperties.Amount);
        var id = item.Text(SurchargeProperties.Id, DefinitionModel.MaxCodeLength);
        if (id is not null && !DefinitionCode.IsValid(id))
        {
            item.Problem(SurchargeProperties.Id, $"A surcharge id must be {DefinitionCode.FormatDescription}.");
            id = null;
        }
        else if (id is not null && !ids.Add(id))
        {
            item.Problem(SurchargeProperties.Id, $"Surcharge id '{id}' is used twice.");
            id = null;
        }

        var rule = ReadRule(item);
        TimeSpan? noticeUnder = null;
        var noticeRead = true;
        if (rule == SurchargeRule.ShortNotice)
        {
            noticeUnder = item.Duration(SurchargeProperties.NoticeUnder, MaxNoticeUnder);
            noticeRead = noticeUnder is not null;
        }
        else if (rule is not null && item.Has(SurchargeProperties.NoticeUnder))
        {
            item.Problem(SurchargeProperties.NoticeUnder, $"'{SurchargeProperties.NoticeUnder}' belongs to '{SurchargeRuleNames.ShortNotice}' surcharges only.");
            noticeRead = false;
        }

        var (percent, rounding, amount, priceRead) = ReadAddition(item, currency);
        return id is null || rule is null || !noticeRead || !priceRead
            ? null
            : new Surcharge(id, rule.Value, noticeUnder, percent, rounding, amount);
    }

    private static SurchargeRule? ReadRule(PropertyReader item) => item.Text(SurchargeProperties.Rule, 32) switch
    {
        null => null,
        SurchargeRuleNames.ShortNotice => SurchargeRule.ShortNotice,
        SurchargeRuleNames.Weekend => SurchargeRule.Weekend,
        var other => Unknown<SurchargeRule>(
            item, SurchargeProperties.Rule, $"Unknown surcharge rule '{other}'; known rules: {SurchargeRuleNames.ShortNotice}, {SurchargeRuleNames.Weekend}."),
    };

    /// <summary>Exactly one of a percentage of the base price (with its rounding) or a fixed amount.</summary>
    private static (decimal? Percent, RoundingRule? Rounding, decimal? Amount, bool Read) ReadAddition(PropertyReader item, string? currency)
    {
        if (item.Has(SurchargeProperties.Percent) == item.Has(SurchargeProperties.Amount))
        {
            item.Problem(
                SurchargeProperties.Percent,
                $"A surcharge has either '{SurchargeProperties.Percent}' (of the base price, with '{SurchargeProperties.Rounding}') or a fixed '{SurchargeProperties.Amount}', exactly one.");
            return (null, null, null, false);
        }

        if (item.Has(SurchargeProperties.Amount))
        {
            if (item.Has(SurchargeProperties.Rounding))
            {
                item.Problem(SurchargeProperties.Rounding, $"A fixed '{SurchargeProperties.Amount}' is exact already; '{SurchargeProperties.Rounding}' belongs to '{SurchargeProperties.Percent}' surcharges.");
                return (null, null, null, false);
            }

            var amount = ReadMoney(item, SurchargeProperties.Amount, currency, allowZero: false);
            return (null, null, amount, amount is not null);
        }

        var percent = item.Number(SurchargeProperties.Percent);
        if (percent is <= 0m or > MaxSurchargePercent || (percent is { } exact && decimal.Round(exact, PercentDecimals) != exact))
        {
            item.Problem(SurchargeProperties.Percent, $"'{SurchargeProperties.Percent}' must be above 0 and at most {MaxSurchargePercent}, with at most {PercentDecimals} decimals.");
            percent = null;
        }

        var rounding = ReadRounding(item);
        return (percent, rounding, null, percent is not null && rounding is not null);
    }

    private static RoundingRule? ReadRounding(PropertyReader item) => item.Text(SurchargeProperties.Rounding, 16) switch
    {
        null => null,
        RoundingRuleNames.HalfUp => RoundingRule.HalfUp,
        RoundingRuleNames.HalfEven => RoundingRule.HalfEven,
        RoundingRuleNames.Up => RoundingRule.Up,
        RoundingRuleNames.Down => RoundingRule.Down,
        var other => Unknown<RoundingRule>(
            item,
            SurchargeProperties.Rounding,
            $"Unknown rounding '{other}'; known roundings: {RoundingRuleNames.HalfUp}, {RoundingRuleNames.HalfEven}, {RoundingRuleNames.Up}, {RoundingRuleNames.Down}."),
    };

    private static string? ReadTimeZone(PropertyReader properties)
    {
        var timeZone = properties.Text(ServiceTypeProperties.TimeZone, 64);
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            properties.Problem(ServiceTypeProperties.TimeZone, $"'{timeZone}' is not a known IANA time zone (e.g. 'Europe/Berlin').");
            return null;
        }

        return timeZone;
    }

    private static List<SupplyLine>? ReadSupplies(PropertyReader properties)
    {
        var items = properties.Objects(ServiceTypeProperties.Supplies);
        if (items is null)
        {
            return null;
        }

        var skus = new HashSet<string>(StringComparer.Ordinal);
        var supplies = new List<SupplyLine>();
        foreach (var item in items)
        {
            item.AllowOnly(SupplyProperties.Sku, SupplyProperties.Quantity);
            var sku = item.Text(SupplyProperties.Sku, DefinitionModel.MaxCodeLength);
            if (sku is not null && !Sku.IsValid(sku))
            {
                item.Problem(SupplyProperties.Sku, $"'{SupplyProperties.Sku}' must be {Sku.FormatDescription}.");
                sku = null;
            }
            else if (sku is not null && !skus.Add(sku))
            {
                item.Problem(SupplyProperties.Sku, $"SKU '{sku}' is listed twice; give its total quantity once.");
                sku = null;
            }

            if (item.WholeNumber(SupplyProperties.Quantity, 1, MaxSupplyQuantity) is { } quantity && sku is not null)
            {
                supplies.Add(new SupplyLine(sku, quantity));
            }
        }

        return supplies.Count == items.Count ? supplies : null;
    }

    private static string? ReadSkill(PropertyReader properties)
    {
        var skill = properties.Text(ServiceTypeProperties.Skill, DefinitionModel.MaxCodeLength);
        if (skill is not null && !DefinitionCode.IsValid(skill))
        {
            properties.Problem(ServiceTypeProperties.Skill, $"'{ServiceTypeProperties.Skill}' must be a code: {DefinitionCode.FormatDescription}.");
            return null;
        }

        return skill;
    }

    private static T? Unknown<T>(PropertyReader item, string name, string message)
        where T : struct
    {
        item.Problem(name, message);
        return null;
    }
}
