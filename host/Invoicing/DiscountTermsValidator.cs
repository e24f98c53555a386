using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Host.Invoicing;

/// <summary>The rules every discount's terms meet, promotion code or client discount; each broken one names its field.</summary>
public static class DiscountTermsValidator
{
    public const int MaxDescriptionLength = 200;
    public const decimal MaxAmount = 1_000_000m;

    /// <returns>The validity window (each end optional), for the caller to use once there are no errors.</returns>
    public static (DateTimeOffset? From, DateTimeOffset? Until) Validate(
        string? description, decimal? percent, decimal? amount, string? currency, string? validFrom, string? validUntil, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (description is { Length: > MaxDescriptionLength })
        {
            errors.Add("description", $"'description' must be at most {MaxDescriptionLength} characters.");
        }

        switch (percent, amount)
        {
            case (null, null):
                errors.Add("percent", "'percent' or 'amount' is required: a percentage of the subtotal, or a fixed amount with its currency.");
                break;
            case ({ }, { }):
                errors.Add("amount", "Give either 'percent' or 'amount', not both.");
                break;
            case ({ } share, null) when share is <= 0 or > 100 || decimal.Round(share, 2) != share:
                errors.Add("percent", "'percent' must be above 0 and at most 100, with at most two decimals.");
                break;
            case (null, { }) when currency is null:
                errors.Add("currency", "'currency' is required with 'amount'.");
                break;
            case (null, { } fixedAmount) when fixedAmount is <= 0 or > MaxAmount:
                errors.Add("amount", $"'amount' must be above 0 and at most {MaxAmount}.");
                break;
        }

        if (currency is not null && !Money.IsCurrency(currency))
        {
            errors.Add("currency", $"'currency' must be one of {string.Join(", ", Money.Currencies)}.");
        }
        else if (percent is null && amount is { } exact and > 0 and <= MaxAmount && currency is not null && !Money.IsExact(exact, currency))
        {
            errors.Add("amount", $"'amount' must be exact in {currency}'s minor unit ({Money.MinorDigits(currency)} decimals).");
        }

        var from = validFrom is null ? null : RequestInstants.Parse(validFrom, "validFrom", errors);
        var until = validUntil is null ? null : RequestInstants.Parse(validUntil, "validUntil", errors);
        if (from is not null && until is not null && until <= from)
        {
            errors.Add("validUntil", "'validUntil' must be after 'validFrom'.");
        }

        // PostgreSQL keeps instants in UTC; the caller's offset is not part of the discount.
        return (from?.ToUniversalTime(), until?.ToUniversalTime());
    }
}
