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
    /// <param name="startOf">
    /// Where an order of the quote's service type version starts (<see cref="OrderStart.Of"/>): the order is stored at
    /// that step with <c>HelpRequested</c> in one statement, so its workflow's first step writes nothing as it starts.
    /// Null when the flow cannot be read now: the order is stored as <see cref="OrderStatus.Requested"/> and its
    /// workflow records both.
    /// </param>
    public async Task<Placement> PlaceAsync(
        string clientId, Guid quoteId, DateTimeOffset now, Func<Quote, Task<OrderStart?>> startOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startOf);
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

        var start = await startOf(quote);
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
            Status = start?.Status ?? OrderStatus.Requested,
            CurrentStepId = start?.StepId,
            PlacedAt = now,
            UpdatedAt = now,
        };
        SeedEvent[] journal = start is null ? [] : [new SeedEvent(Guid.CreateVersion7(now), OrderEvents.StreamId(order.Id), OrderEvents.HelpRequested, clientId, now)];
        try
        {
            await db.ExecuteJournalledAsync(journal, Insert(order), cancellationToken);
            return new Placement(PlacementOutcome.Placed, order, quote);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A concurrent retry of the same placement won the quote's unique index; the statement stored nothing.
            return new Placement(PlacementOutcome.AlreadyPlaced, await FindByQuoteAsync(quoteId, cancellationToken), quote);
        }
    }

    private static FormattableString Insert(Order order) =>
        $"""
        INSERT INTO ordering.orders (id, client_id, quote_id, service_type_code, service_type_version, address, city, latitude, longitude,
            window_start, window_end, currency, price, status, current_step_id, placed_at, updated_at)
        SELECT {order.Id}, {order.ClientId}, {order.QuoteId}, {order.ServiceTypeCode}, {order.ServiceTypeVersion}, {order.Address}, {order.City},
            {order.Latitude}, {order.Longitude}, {order.WindowStart.ToUniversalTime()}, {order.WindowEnd.ToUniversalTime()}, {order.Currency}, {order.Price},
            {order.Status.ToString()}, {order.CurrentStepId}, {order.PlacedAt.ToUniversalTime()}, {order.UpdatedAt.ToUniversalTime()}
        WHERE EXISTS (SELECT 1 FROM journalled_now)
        """;

    private Task<Order?> FindByQuoteAsync(Guid quoteId, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().SingleOrDefaultAsync(order => order.QuoteId == quoteId, cancellationToken);
}
