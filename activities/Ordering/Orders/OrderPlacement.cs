using HelperPlatform.Activities.Ordering.Quotes;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HelperPlatform.Activities.Ordering.Orders;

public enum PlacementOutcome
{
    /// <summary>A new order was stored.</summary>
    Placed,

    /// <summary>The quote was used before: the order it made is returned, unchanged.</summary>
    AlreadyPlaced,
}

public sealed record Placement(PlacementOutcome Outcome, Order Order);

/// <summary>A client's quote, and the order placed with it when there is one.</summary>
public sealed record QuoteAndOrder(Quote Quote, Order? Order);

/// <summary>
/// Turns a client's valid quote into an order charged exactly the quote's total. One order per quote: the
/// quote id is the idempotency key, so a retried request returns the order the first one stored. The endpoint
/// reads the quote (<see cref="FindAsync"/>), works out where the order starts, then stores it (<see cref="StoreAsync"/>).
/// </summary>
public sealed class OrderPlacement(OrderingDbContext db)
{
    /// <returns>The quote and the order placed with it, in one query; null when the client has no quote with this id (another client's quote is the same as none).</returns>
    public Task<QuoteAndOrder?> FindAsync(string clientId, Guid quoteId, CancellationToken cancellationToken) =>
        db.Quotes.AsNoTracking()
            .Where(quote => quote.Id == quoteId && quote.ClientId == clientId)
            .Select(quote => new QuoteAndOrder(quote, db.Orders.FirstOrDefault(order => order.QuoteId == quote.Id)))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Stores the order of <paramref name="quote"/> at <paramref name="start"/> with <c>HelpRequested</c>, in one
    /// statement, so its workflow's first step writes nothing as it starts.
    /// </summary>
    public async Task<Placement> StoreAsync(string clientId, Quote quote, OrderStart start, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(start);
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
            PromotionCode = quote.PromotionCode,
            Status = start.Status,
            CurrentStepId = start.StepId,
            PlacedAt = now,
            UpdatedAt = now,
        };
        SeedEvent[] journal = [new SeedEvent(Guid.CreateVersion7(now), OrderingEvents.StreamId(order.Id), OrderingEvents.HelpRequested, clientId, now)];
        try
        {
            await db.ExecuteJournalledAsync(journal, Insert(order), cancellationToken);
            return new Placement(PlacementOutcome.Placed, order);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A concurrent retry of the same placement won the quote's unique index; the statement stored nothing.
            var first = await db.Orders.AsNoTracking().SingleAsync(existing => existing.QuoteId == quote.Id, cancellationToken);
            return new Placement(PlacementOutcome.AlreadyPlaced, first);
        }
    }

    private static FormattableString Insert(Order order) =>
        $"""
        INSERT INTO ordering.orders (id, client_id, quote_id, service_type_code, service_type_version, address, city, latitude, longitude,
            window_start, window_end, currency, price, promotion_code, status, current_step_id, placed_at, updated_at)
        SELECT {order.Id}, {order.ClientId}, {order.QuoteId}, {order.ServiceTypeCode}, {order.ServiceTypeVersion}, {order.Address}, {order.City},
            {order.Latitude}, {order.Longitude}, {order.WindowStart.ToUniversalTime()}, {order.WindowEnd.ToUniversalTime()}, {order.Currency}, {order.Price}, {order.PromotionCode},
            {order.Status.ToString()}, {order.CurrentStepId}, {order.PlacedAt.ToUniversalTime()}, {order.UpdatedAt.ToUniversalTime()}
        WHERE EXISTS (SELECT 1 FROM journalled_now)
        """;
}
