using System.Text.Json;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Ordering.Quotes;

/// <summary>Quotes: priced with a published version's terms and Invoicing's discounts, and kept, so an order made with one is charged exactly its total.</summary>
public sealed class QuoteBook(OrderingDbContext db)
{
    /// <param name="price">Priced with <paramref name="serviceType"/>'s terms (<see cref="PriceCalculator"/>), discounts included.</param>
    public async Task<Quote> StoreAsync(QuoteRequest request, PublishedServiceType serviceType, QuotePrice price, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(serviceType);
        ArgumentNullException.ThrowIfNull(price);
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
            DiscountsJson = JsonSerializer.Serialize(price.Discounts),
            PromotionCode = price.Discounts.FirstOrDefault(discount => discount.Source == DiscountSource.PromotionCode)?.Reference,
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
        var discounts = JsonSerializer.Deserialize<List<AppliedDiscount>>(quote.DiscountsJson) ?? [];
        return new QuotePrice(quote.Currency, quote.BasePrice, surcharges, discounts, quote.Total);
    }
}
