using System.Security.Claims;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Ordering;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Ordering;

/// <summary>
/// Offers of orders to workers (matching): a worker lists their own and answers them; the answer is an update
/// to the order workflow, which alone decides whether the offer is still open.
/// </summary>
public static class OfferEndpoints
{
    private const int MaxListSize = 200;

    public static IEndpointRouteBuilder MapOfferEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/offers").WithTags("Offers");
        group.MapGet("/", ListAsync).RequireRoles(PlatformRoles.Worker, PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Offers, newest first: a worker's own, every offer for managers and ops (filter by status, orderId).");
        group.MapPost("/{id:guid}/accept", (Guid id, ClaimsPrincipal user, OrderingDbContext db, TemporalClientProvider temporal, CancellationToken cancellationToken) =>
                AnswerAsync(id, accept: true, user, db, temporal, cancellationToken))
            .RequireRoles(PlatformRoles.Worker)
            .WithSummary("Accept an open offer: the order is assigned to you, unless you are booked for an overlapping order (worker).")
            .ProducesOrderRefusals();
        group.MapPost("/{id:guid}/decline", (Guid id, ClaimsPrincipal user, OrderingDbContext db, TemporalClientProvider temporal, CancellationToken cancellationToken) =>
                AnswerAsync(id, accept: false, user, db, temporal, cancellationToken))
            .RequireRoles(PlatformRoles.Worker)
            .WithSummary("Decline an open offer: it goes to the next worker (worker).")
            .ProducesOrderRefusals();
        return endpoints;
    }

    private static async Task<Ok<List<OfferResponse>>> ListAsync(
        ClaimsPrincipal user, OrderingDbContext db, OfferStatus? status, Guid? orderId, int? limit, CancellationToken cancellationToken)
    {
        var offers = db.Offers.AsNoTracking();
        if (!user.IsInRole(PlatformRoles.Manager) && !user.IsInRole(PlatformRoles.Ops))
        {
            var workerId = user.AccountId();
            offers = offers.Where(offer => offer.WorkerId == workerId);
        }

        if (status is { } wanted)
        {
            offers = offers.Where(offer => offer.Status == wanted);
        }

        if (orderId is { } wantedOrder)
        {
            offers = offers.Where(offer => offer.OrderId == wantedOrder);
        }

        var page = await offers
            .Join(db.Orders, offer => offer.OrderId, order => order.Id, (offer, order) => new { Offer = offer, Order = order })
            .OrderByDescending(pair => pair.Offer.OfferedAt)
            .Take(Math.Clamp(limit ?? 50, 1, MaxListSize))
            .Select(pair => new OfferResponse(
                pair.Offer.Id, pair.Offer.OrderId, pair.Offer.WorkerId, pair.Offer.Status, pair.Offer.OfferedAt, pair.Offer.ExpiresAt, pair.Offer.AnsweredAt,
                pair.Order.ServiceTypeCode, pair.Order.Address, pair.Order.City, pair.Order.WindowStart, pair.Order.WindowEnd))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page);
    }

    /// <summary>
    /// Another worker's offer is answered like a missing one; an offer that is no longer open, or an accept by
    /// a worker booked for an overlapping order, is a 409.
    /// </summary>
    private static async Task<Results<Ok<OfferAnswered>, ProblemHttpResult>> AnswerAsync(
        Guid id, bool accept, ClaimsPrincipal user, OrderingDbContext db, TemporalClientProvider temporal, CancellationToken cancellationToken)
    {
        var workerId = user.AccountId();
        var offer = await db.Offers.AsNoTracking().SingleOrDefaultAsync(offer => offer.Id == id && offer.WorkerId == workerId, cancellationToken);
        if (offer is null)
        {
            return TypedResults.Problem($"You have no offer '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var answered = accept ? OfferStatus.Accepted : OfferStatus.Declined;
        if (offer.Status == answered)
        {
            // The same answer again (a retry that lost the first answer's reply) is answered as the first.
            return TypedResults.Ok(new OfferAnswered(id, offer.OrderId, answered));
        }

        if (offer.Status != OfferStatus.Open)
        {
            return TypedResults.Problem($"The offer is {offer.Status.ToString().ToLowerInvariant()}; it can no longer be answered.", statusCode: StatusCodes.Status409Conflict, title: "Not possible now");
        }

        var client = await temporal.GetClientAsync(cancellationToken);
        var handle = client.GetWorkflowHandle<OrderWorkflow>(OrderWorkflow.WorkflowId(offer.OrderId));
        var answer = new OfferAnswer(id, workerId, accept);
        var problem = await OrderUpdates.RunAsync(handle, workflow => workflow.AnswerOfferAsync(answer), answers => accept && answers.WorkerId == workerId);
        return problem ?? (Results<Ok<OfferAnswered>, ProblemHttpResult>)TypedResults.Ok(new OfferAnswered(id, offer.OrderId, answered));
    }
}
