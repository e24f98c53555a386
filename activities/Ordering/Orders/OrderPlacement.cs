using HelperPlatform.Activities.Ordering.Quotes;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Ordering.Orders;

public enum PlacementOutcome
{
    /// <summary>A new order was stored.</summary>
    Placed,

    /// <summary>The quote was used before: the order it made is returned, unchanged.</summary>
    AlreadyPlaced,

    /// <summary>The caller has no quote with this id (another client's quote is the same as none).</summary>
    UnknownQuote,

    /// <summary>The quote's validity ended before the order came.</summary>
    QuoteExpired,
}

public sealed record Placement(PlacementOutcome Outcome, Order? Order, Quote? Quote);

/// <summary>
/// Turns a client's valid quote into an order charged exactly the quote's total. One order per quote: the
/// quote id is the idempotency key, so a retried request returns the order the first one stored.
/// </summary>
public sealed class OrderPlacement(OrderingDbContext db)
{
    public async Task<Placement> PlaceAsync(string clientId, Guid quoteId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var quote = await db.Quotes.AsNoTracking().SingleOrDefaultAsync(quote => quote.Id == quoteId && quote.ClientId == clientId, cancellationToken);
        if (quote is null)
        {
            return new Placement(PlacementOutcome.UnknownQuote, null, null);
        }

        if (await FindByQuoteAsync(quoteId, cancellationToken) is { } existing)
        {
            return new Placement(PlacementOutcome.AlreadyPlaced, existing, quote);
        }

        if (quote.ExpiresAt <= now)
        {
            return new Placement(PlacementOutcome.QuoteExpired, null, quote);
        }

        var order = new Order
        {
            Id = Guid.CreateVersion7(now),
            ClientId = clientId,
            QuoteId = quote.Id,
            ServiceTypeCode = quote.ServiceTypeCode,
            ServiceTypeVersion = quote.ServiceTypeVersion,
            Address = quote.Address,
            City = quote.City,
            Latitude = quote.Latitude,
            Longitude = quote.Longitude,
            WindowStart = quote.WindowStart,
            WindowEnd = quote.WindowEnd,
            Currency = quote.Currency,
            Price = quote.Total,
            Status = OrderStatus.Requested,
            PlacedAt = now,
            UpdatedAt = now,
        };
        db.Orders.Add(order);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new Placement(PlacementOutcome.Placed, order, quote);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // A concurrent retry of the same placement won the quote's unique index.
            db.ChangeTracker.Clear();
            return new Placement(PlacementOutcome.AlreadyPlaced, await FindByQuoteAsync(quoteId, cancellationToken), quote);
        }
    }

    private Task<Order?> FindByQuoteAsync(Guid quoteId, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().SingleOrDefaultAsync(order => order.QuoteId == quoteId, cancellationToken);
}
