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

    public static ServiceTerms? Read(PropertyReader properties)
    {
        properties.AllowOnly(
            "description", "currency", "basePrice", "surcharges", "timeZone", "supplies", "skill", "workerPayout",
            "qualitySamplingPercent", "matchingDeadline", "offerDeadline");
        var description = properties.Text("description", 2000);
        var currency = ReadCurrency(properties);
        var basePrice = ReadMoney(properties, "basePrice", currency, allowZero: false);
        var surcharges = ReadSurcharges(properties, currency);
        var timeZone = ReadTimeZone(properties);
        var supplies = ReadSupplies(properties);
        var skill = ReadSkill(properties);
        var workerPayout = ReadMoney(properties, "workerPayout", currency, allowZero: true);
        if (workerPayout > basePrice)
        {
            properties.Problem("workerPayout", $"'workerPayout' {workerPayout} is above 'basePrice' {basePrice}: every order would lose money.");
            workerPayout = null;
        }

        var samplingPercent = properties.WholeNumber("qualitySamplingPercent", 0, 100);
        var matchingDeadline = properties.Duration("matchingDeadline", MaxMatchingDeadline);
        var offerDeadline = properties.Duration("offerDeadline", MaxMatchingDeadline);
        if (offerDeadline >= matchingDeadline)
        {
            properties.Problem("offerDeadline", $"'offerDeadline' must be shorter than 'matchingDeadline', or not even one offer could expire before escalation.");
            offerDeadline = null;
        }

        return description is null || currency is null || basePrice is null || surcharges is null || timeZone is null
            || supplies is null || skill is null || workerPayout is null || samplingPercent is null
            || matchingDeadline is null || offerDeadline is null
            ? null
            : new ServiceTerms(
                description, currency, basePrice.Value, surcharges, timeZone, supplies, skill, workerPayout.Value,
                samplingPercent.Value, matchingDeadline.Value, offerDeadline.Value);
    }

    private static string? ReadCurrency(PropertyReader properties)
    {
        var currency = properties.Text("currency", 3);
        if (currency is not null && !Money.IsCurrency(currency))
        {
            properties.Problem("currency", $"'{currency}' is not a currency the platform prices in; use one of {string.Join(", ", Money.Currencies)}.");
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
        var items = properties.Objects("surcharges");
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
        item.AllowOnly("id", "rule", "noticeUnder", "percent", "rounding", "amount");
        var id = item.Text("id", DefinitionModel.MaxCodeLength);
        if (id is not null && !DefinitionCode.IsValid(id))
        {
            item.Problem("id", $"A surcharge id must be {DefinitionCode.FormatDescription}.");
            id = null;
        }
        else if (id is not null && !ids.Add(id))
        {
            item.Problem("id", $"Surcharge id '{id}' is used twice.");
            id = null;
        }

        var rule = ReadRule(item);
        TimeSpan? noticeUnder = null;
        var noticeRead = true;
        if (rule == SurchargeRule.ShortNotice)
        {
            noticeUnder = item.Duration("noticeUnder", MaxNoticeUnder);
            noticeRead = noticeUnder is not null;
        }
        else if (rule is not null && item.Has("noticeUnder"))
        {
            item.Problem("noticeUnder", $"'noticeUnder' belongs to 'shortNotice' surcharges only.");
            noticeRead = false;
        }

        var (percent, rounding, amount, priceRead) = ReadAddition(item, currency);
        return id is null || rule is null || !noticeRead || !priceRead
            ? null
            : new Surcharge(id, rule.Value, noticeUnder, percent, rounding, amount);
    }

    private static SurchargeRule? ReadRule(PropertyReader item) => item.Text("rule", 32) switch
    {
        null => null,
        "shortNotice" => SurchargeRule.ShortNotice,
        "weekend" => SurchargeRule.Weekend,
        var other => Unknown<SurchargeRule>(item, "rule", $"Unknown surcharge rule '{other}'; known rules: shortNotice, weekend."),
    };

    /// <summary>Exactly one of a percentage of the base price (with its rounding) or a fixed amount.</summary>
    private static (decimal? Percent, RoundingRule? Rounding, decimal? Amount, bool Read) ReadAddition(PropertyReader item, string? currency)
    {
        if (item.Has("percent") == item.Has("amount"))
        {
            item.Problem("percent", "A surcharge has either 'percent' (of the base price, with 'rounding') or a fixed 'amount', exactly one.");
            return (null, null, null, false);
        }

        if (item.Has("amount"))
        {
            if (item.Has("rounding"))
            {
                item.Problem("rounding", "A fixed 'amount' is exact already; 'rounding' belongs to 'percent' surcharges.");
                return (null, null, null, false);
            }

            var amount = ReadMoney(item, "amount", currency, allowZero: false);
            return (null, null, amount, amount is not null);
        }

        var percent = item.Number("percent");
        if (percent is <= 0m or > MaxSurchargePercent || (percent is { } exact && decimal.Round(exact, PercentDecimals) != exact))
        {
            item.Problem("percent", $"'percent' must be above 0 and at most {MaxSurchargePercent}, with at most {PercentDecimals} decimals.");
            percent = null;
        }

        var rounding = ReadRounding(item);
        return (percent, rounding, null, percent is not null && rounding is not null);
    }

    private static RoundingRule? ReadRounding(PropertyReader item) => item.Text("rounding", 16) switch
    {
        null => null,
        "halfUp" => RoundingRule.HalfUp,
        "halfEven" => RoundingRule.HalfEven,
        "up" => RoundingRule.Up,
        "down" => RoundingRule.Down,
        var other => Unknown<RoundingRule>(item, "rounding", $"Unknown rounding '{other}'; known roundings: halfUp, halfEven, up, down."),
    };

    private static string? ReadTimeZone(PropertyReader properties)
    {
        var timeZone = properties.Text("timeZone", 64);
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            properties.Problem("timeZone", $"'{timeZone}' is not a known IANA time zone (e.g. 'Europe/Berlin').");
            return null;
        }

        return timeZone;
    }

    private static List<SupplyLine>? ReadSupplies(PropertyReader properties)
    {
        var items = properties.Objects("supplies");
        if (items is null)
        {
            return null;
        }

        var skus = new HashSet<string>(StringComparer.Ordinal);
        var supplies = new List<SupplyLine>();
        foreach (var item in items)
        {
            item.AllowOnly("sku", "quantity");
            var sku = item.Text("sku", DefinitionModel.MaxCodeLength);
            if (sku is not null && !Sku.IsValid(sku))
            {
                item.Problem("sku", $"'sku' must be {Sku.FormatDescription}.");
                sku = null;
            }
            else if (sku is not null && !skus.Add(sku))
            {
                item.Problem("sku", $"SKU '{sku}' is listed twice; give its total quantity once.");
                sku = null;
            }

            if (item.WholeNumber("quantity", 1, MaxSupplyQuantity) is { } quantity && sku is not null)
            {
                supplies.Add(new SupplyLine(sku, quantity));
            }
        }

        return supplies.Count == items.Count ? supplies : null;
    }

    private static string? ReadSkill(PropertyReader properties)
    {
        var skill = properties.Text("skill", DefinitionModel.MaxCodeLength);
        if (skill is not null && !DefinitionCode.IsValid(skill))
        {
            properties.Problem("skill", $"'skill' must be a code: {DefinitionCode.FormatDescription}.");
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
