using System.Linq.Expressions;
using HelperPlatform.Workflows.Ordering;

namespace HelperPlatform.Activities.Ordering.Orders;

/// <summary>
/// An order as Ordering keeps it: the terms fixed from its quote (stored when the client places it) and the
/// read model its workflow keeps current (status, step, worker) for the lists.
/// </summary>
public sealed class Order
{
    public Guid Id { get; set; }

    public required string ClientId { get; set; }

    /// <summary>One order per quote: a retried placement finds the order the first one made.</summary>
    public Guid QuoteId { get; set; }

    public required string ServiceTypeCode { get; set; }

    public int ServiceTypeVersion { get; set; }

    public required string Address { get; set; }

    public required string City { get; set; }

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public DateTimeOffset WindowEnd { get; set; }

    public required string Currency { get; set; }

    /// <summary>Exactly the quote's total.</summary>
    public decimal Price { get; set; }

    /// <summary>The quote's promotion code, whose use the placement reserved: the workflow confirms it, a cancellation releases it.</summary>
    public string? PromotionCode { get; set; }

    public OrderStatus Status { get; set; }

    /// <summary>The flow step the order is at; null before the flow starts and once it is closed.</summary>
    public string? CurrentStepId { get; set; }

    public string? WorkerId { get; set; }

    public DateTimeOffset PlacedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Nothing has happened to the order since the placement stored it: its workflow has recorded nothing, so it may
    /// not have started yet (a retried placement starts it). A closed order, or one recorded since, never starts again.
    /// </summary>
    public bool AwaitsItsWorkflow => AwaitingItsWorkflowRule(this);

    /// <summary><see cref="AwaitsItsWorkflow"/> as a query filter, so the database and the code apply one rule.</summary>
    public static readonly Expression<Func<Order, bool>> AwaitingItsWorkflow =
        order => order.Status != OrderStatus.Completed && order.Status != OrderStatus.Cancelled && order.Status != OrderStatus.Failed && order.UpdatedAt == order.PlacedAt;

    private static readonly Func<Order, bool> AwaitingItsWorkflowRule = AwaitingItsWorkflow.Compile();

    /// <summary>The workflow's input, for an order that <see cref="AwaitsItsWorkflow"/>: it still stands where the placement stored it.</summary>
    public OrderRequest ToWorkflowInput() => new(
        Id, ClientId, QuoteId, ServiceTypeCode, ServiceTypeVersion, Address, City, Latitude, Longitude, WindowStart, WindowEnd, Currency, Price,
        new OrderStart(Status, CurrentStepId), PromotionCode);
}

/// <summary>A worker booked for an order's window; matching treats the worker as busy then until it is released.</summary>
public sealed class WorkerBooking
{
    public Guid OrderId { get; set; }

    public required string WorkerId { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public DateTimeOffset WindowEnd { get; set; }

    public DateTimeOffset BookedAt { get; set; }

    /// <summary>The offer the worker accepted; null when a manager assigned them by hand.</summary>
    public Guid? OfferId { get; set; }

    /// <summary>Set when the order is cancelled: the worker is free again for the window.</summary>
    public DateTimeOffset? ReleasedAt { get; set; }
}

/// <summary>An order offered to one worker until <see cref="ExpiresAt"/>.</summary>
public sealed class Offer
{
    public Guid Id { get; set; }

    public Guid OrderId { get; set; }

    public required string WorkerId { get; set; }

    public OfferStatus Status { get; set; }

    public DateTimeOffset OfferedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>
/// How many orders a worker got in one hour (UTC): offers made to them plus hand assignments (bookings without an
/// offer), counted by triggers as those rows are inserted, so matching's fairness count reads a week's hours instead
/// of a week's offers.
/// </summary>
public sealed class WorkerLoad
{
    public required string WorkerId { get; set; }

    /// <summary>The hour's start, in UTC.</summary>
    public DateTimeOffset Hour { get; set; }

    public int Orders { get; set; }
}
