using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Host.Ordering;

/// <summary>The rules a quote request must meet before anything is priced; every broken one names its field.</summary>
public static class QuoteRequestValidator
{
    public const int MaxAddressLength = 300;
    public const int MaxCityLength = 100;
    public static readonly TimeSpan MinWindow = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(12);
    public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(90);

    /// <returns>The window in UTC when both ends are valid instants, for the caller to use once there are no errors.</returns>
    public static (DateTimeOffset Start, DateTimeOffset End)? Validate(QuoteRequestBody request, DateTimeOffset now, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (!DefinitionCode.IsValid(request.ServiceType))
        {
            errors.Add("serviceType", $"'serviceType' is required: a service type code, {DefinitionCode.FormatDescription}.");
        }

        errors.Required("address", request.Address, MaxAddressLength);
        errors.Required("city", request.City, MaxCityLength);
        if (request.Latitude is not (>= -90 and <= 90))
        {
            errors.Add("latitude", "'latitude' is required: degrees from -90 to 90.");
        }

        if (request.Longitude is not (>= -180 and <= 180))
        {
            errors.Add("longitude", "'longitude' is required: degrees from -180 to 180.");
        }

        if (request.PromotionCode is not null && !PromotionCodeFormat.IsValid(request.PromotionCode))
        {
            errors.Add("promotionCode", $"'promotionCode' must be {PromotionCodeFormat.Description}, or left out.");
        }

        var start = RequestInstants.Parse(request.WindowStart, "windowStart", errors);
        var end = RequestInstants.Parse(request.WindowEnd, "windowEnd", errors);
        if (start is null || end is null)
        {
            return null;
        }

        if (start <= now)
        {
            errors.Add("windowStart", "'windowStart' must be in the future.");
        }
        else if (start > now + MaxAdvance)
        {
            errors.Add("windowStart", $"'windowStart' must be at most {MaxAdvance.TotalDays} days ahead.");
        }

        if (end - start < MinWindow || end - start > MaxWindow)
        {
            errors.Add("windowEnd", $"'windowEnd' must be {MinWindow.TotalMinutes} minutes to {MaxWindow.TotalHours} hours after 'windowStart'.");
        }

        // PostgreSQL keeps instants in UTC; the caller's offset is not part of the quote.
        return (start.Value.ToUniversalTime(), end.Value.ToUniversalTime());
    }
}
