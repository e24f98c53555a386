using System.Text.Json;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Ordering.Quotes;

/// <summary>Quotes: priced with a published version's terms and kept, so an order made with one is charged exactly its total.</summary>
public sealed class QuoteBook(OrderingDbContext db)
{
    public async Task<Quote> PriceAndStoreAsync(QuoteRequest request, PublishedServiceType serviceType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(serviceType);
        var price = PriceCalculator.Price(serviceType.Terms, request.WindowStart, request.QuotedAt);
        var quote = new Quote
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
        };
        db.Quotes.Add(quote);
        await db.SaveChangesAsync(cancellationToken);
        return quote;
    }

    /// <summary>The stored price of <paramref name="quote"/>, as it was quoted.</summary>
    public static QuotePrice PriceOf(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var surcharges = JsonSerializer.Deserialize<List<AppliedSurcharge>>(quote.SurchargesJson) ?? [];
        return new QuotePrice(quote.Currency, quote.BasePrice, surcharges, [], quote.Total);
    }
}
