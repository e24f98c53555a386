using System.Text.Json;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Ordering.Quotes;

/// <summary>The Ordering side of a quote: price it with the published terms and keep it.</summary>
public sealed class QuoteActivities(OrderingDbContext db)
{
    /// <summary>Idempotent by quote id: a retry after a lost acknowledgement returns the quote stored the first time.</summary>
    [Activity(QuoteActivityNames.PriceAndStore)]
    public async Task<PricedQuote> PriceAndStoreAsync(QuoteRequest request, PublishedServiceType serviceType)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(serviceType);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        if (await db.Quotes.AsNoTracking().SingleOrDefaultAsync(quote => quote.Id == request.QuoteId, cancellationToken) is { } stored)
        {
            return ToPricedQuote(stored);
        }

        var price = PriceCalculator.Price(serviceType.Terms, request.WindowStart, request.QuotedAt);
        db.Quotes.Add(new Quote
        {
            Id = request.QuoteId,
            ClientId = request.ClientId,
            ServiceTypeCode = serviceType.Code,
            ServiceTypeVersion = serviceType.Version,
            Address = request.Address,
            City = request.City,
            Latitude = request.Latitude,
            Longitude = request.Longitude,
            WindowStart = request.WindowStart,
            WindowEnd = request.WindowEnd,
            Currency = price.Currency,
            BasePrice = price.BasePrice,
            SurchargesJson = JsonSerializer.Serialize(price.Surcharges),
            Total = price.Total,
            QuotedAt = request.QuotedAt,
            ExpiresAt = request.ExpiresAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new PricedQuote(request.QuoteId, serviceType.Code, serviceType.Version, price);
    }

    public static PricedQuote ToPricedQuote(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var surcharges = JsonSerializer.Deserialize<List<AppliedSurcharge>>(quote.SurchargesJson) ?? [];
        return new PricedQuote(quote.Id, quote.ServiceTypeCode, quote.ServiceTypeVersion, new QuotePrice(quote.Currency, quote.BasePrice, surcharges, quote.Total));
    }
}
