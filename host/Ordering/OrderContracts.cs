using System.Text.Json;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Workflows.Ordering;

namespace HelperPlatform.Host.Ordering;

/// <param name="QuoteId">A valid, unexpired quote of the caller's; it is also the request's idempotency key (one order per quote).</param>
public sealed record PlaceOrderBody(Guid? QuoteId);

/// <summary>An order as the read model lists it.</summary>
/// <param name="CurrentStep">The id of the flow step the order is at (null before the flow starts and once it is closed).</param>
public sealed record OrderResponse(
    Guid Id,
    Guid QuoteId,
    string ClientId,
    string ServiceType,
    int ServiceTypeVersion,
    string Address,
    string City,
    double Latitude,
    double Longitude,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string Currency,
    decimal Price,
    OrderStatus Status,
    string? CurrentStep,
    string? WorkerId,
    DateTimeOffset PlacedAt,
    DateTimeOffset UpdatedAt);

/// <summary>An event of the order's timeline: a seed event (<c>HelpRequested</c>, <c>WorkerAssigned</c>, …) or its close.</summary>
public sealed record TimelineEntry(string Type, string Actor, DateTimeOffset OccurredAt, JsonElement? Data);

public sealed record OrderDetailResponse(OrderResponse Order, IReadOnlyList<TimelineEntry> Timeline);

/// <summary>Ordering's part of the ops runtime report: order reads waiting for a status, and whether PostgreSQL's announcements arrive.</summary>
public sealed record OrderStatusWaitsRuntime(bool Listening, int Waiting);

public sealed record CancelOrderBody([MultiLineText] string? Reason);

/// <param name="Compensations">What was undone: <c>stock-reservation-released</c>, <c>offers-withdrawn</c>, <c>worker-freed</c>.</param>
public sealed record CancelOrderResponse(Guid OrderId, DateTimeOffset CancelledAt, IReadOnlyList<string> Compensations);

/// <param name="WorkerId">The account id of a worker.</param>
public sealed record AssignWorkerBody(string? WorkerId);

/// <summary>An offer with what the worker needs to decide: the service, where and when.</summary>
public sealed record OfferResponse(
    Guid Id,
    Guid OrderId,
    string WorkerId,
    OfferStatus Status,
    DateTimeOffset OfferedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? AnsweredAt,
    string ServiceType,
    string Address,
    string City,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd);

public sealed record OfferAnswered(Guid OfferId, Guid OrderId, OfferStatus Status);
