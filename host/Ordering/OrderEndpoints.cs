using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Activities.Ordering.Quotes;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Ordering;

/// <summary>
/// Orders: placing one (asynchronous: answered at once, the workflow does the rest), the read model, and the
/// synchronous status changes (cancel, manual assignment) that the order workflow decides as updates.
/// </summary>
public static class OrderEndpoints
{
    private const int MaxListSize = 200;
    private const int DefaultWaitSeconds = 20;
    private const int MaxWaitSeconds = 60;

    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/orders").WithTags("Orders");
        group.MapPost("/", PlaceAsync).RequireRoles(PlatformRoles.Client)
            .WithSummary("Place an order with a valid quote; answers at once with the order id (client).")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(() => new JsonObject { ["quoteId"] = "0b6f6a8e-3c1d-4f7a-9a52-6d3e2f1c8b47" });
        group.MapGet("/", ListAsync).RequireRoles(PlatformRoles.Client, PlatformRoles.Worker, PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Orders, newest first: a client's own, a worker's assigned, every order for managers and ops (filter by status, clientId, workerId).");
        group.MapGet("/{id:guid}", GetAsync).RequireRoles(PlatformRoles.Client, PlatformRoles.Worker, PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("One order with its timeline of seed events (its client, its worker, managers, ops); with waitForStatus, answers once the order shows that status or is closed, at the latest after waitSeconds (default 20, at most 60).");
        group.MapPost("/{id:guid}/cancel", CancelAsync).RequireRoles(PlatformRoles.Client, PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Cancel until the worker checks in; immediate and final, compensations done when it answers (the client; managers and ops).")
            .ProducesOrderRefusals()
            .WithRequestExample(() => new JsonObject { ["reason"] = "Plans changed; we will order again next week." });
        group.MapPost("/{id:guid}/assignment", AssignAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Assign a worker by hand while the order is matching (manager).")
            .ProducesOrderRefusals()
            .WithRequestExample(() => new JsonObject { ["workerId"] = "5d2c9e41-7b3a-4e8f-a1d6-0f9b8c7e6a53" });
        return endpoints;
    }

    /// <summary>
    /// One pass, in one direction: reads the quote (and the order a first attempt placed with it), has the catalogue
    /// give the version the quote pins, works out where the order starts (<see cref="OrderStart.Of"/>), stores the
    /// order there and starts its workflow with that start.
    /// </summary>
    private static async Task<Results<Created<OrderResponse>, Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> PlaceAsync(
        PlaceOrderBody body,
        ClaimsPrincipal user,
        HttpResponse response,
        TimeProvider time,
        OrderPlacement placement,
        ServiceTypeCatalogue catalogue,
        InvoicingDiscounts discounts,
        TemporalClientProvider temporal,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (body.QuoteId is not { } quoteId || quoteId == Guid.Empty)
        {
            return new ValidationErrors().Add("quoteId", "'quoteId' is required: the id of one of your quotes.").ToProblem();
        }

        var now = time.GetUtcNow();
        if (await placement.FindAsync(user.AccountId(), quoteId, cancellationToken) is not (var quote, var order))
        {
            return QuoteProblem($"You have no quote '{quoteId}'.");
        }

        if (order is null && quote.ExpiresAt <= now)
        {
            return QuoteProblem($"Quote '{quoteId}' expired at {quote.ExpiresAt:u}; ask for a new quote.");
        }

        if (order is null && quote.PromotionCode is { } promotionCode
            && await ReservePromotionCodeAsync(quote, promotionCode, now, discounts, loggers) is { } refused)
        {
            return refused;
        }

        var placed = false;
        try
        {
            if (order is null || order.AwaitsItsWorkflow)
            {
                var serviceType = await catalogue.VersionAsync(quote.ServiceTypeCode, quote.ServiceTypeVersion, cancellationToken)
                    ?? throw new InvalidOperationException($"Quote '{quote.Id}' pins service type '{quote.ServiceTypeCode}' version {quote.ServiceTypeVersion}, which Management does not have.");
                if (order is null)
                {
                    var stored = await placement.StoreAsync(user.AccountId(), quote, OrderStart.Of(FulfilmentFlow.Read(serviceType.DefinitionJson)), now, cancellationToken);
                    (order, placed) = (stored.Order, stored.Outcome == PlacementOutcome.Placed);
                }

                await OrderWorkflowStart.StartAsync(order, serviceType, temporal, cancellationToken);
            }
        }
        catch (Exception e) when (e is TemporalException or TimeoutException)
        {
            loggers.CreateLogger(typeof(OrderEndpoints)).LogWarning(e, "The order of quote {QuoteId} could not be placed or started", quoteId);
            // Temporal out of reach, or the service type's lookup unanswered within its budget (no Management worker took it).
            return ServiceUnavailableAnswer.Problem(
                response,
                InfrastructureUnavailableExceptionHandler.Unavailable(e) ?? "Management",
                order is null
                    ? "The order cannot be placed right now; send the same request again."
                    : "The order is stored but could not be started yet; send the same request again.");
        }

        return placed ? TypedResults.Created($"/api/orders/{order.Id}", ToResponse(order)) : TypedResults.Ok(ToResponse(order));
    }

    /// <summary>
    /// Reserves the quote's promotion code before the order is stored; the reservation counts until the order's
    /// workflow confirms it, and when a placement fails after it (and is not retried), the order reconciliation releases
    /// it once the quote expired without an order. A retry reserves once (by quote).
    /// </summary>
    /// <returns>Null when reserved; otherwise the answer: 422 naming <c>promotionCode</c>, or 503 when Invoicing cannot be asked.</returns>
    private static async Task<ProblemHttpResult?> ReservePromotionCodeAsync(
        Quote quote, string promotionCode, DateTimeOffset now, InvoicingDiscounts discounts, ILoggerFactory loggers)
    {
        PromotionCodeReservation reservation;
        try
        {
            reservation = await discounts.ReserveAsync(new PromotionCodeUse(quote.Id, quote.ClientId, promotionCode, quote.ExpiresAt, now));
        }
        catch (Exception e) when (e is TemporalException or TimeoutException)
        {
            loggers.CreateLogger(typeof(OrderEndpoints)).LogWarning(e, "Promotion code {PromotionCode} of quote {QuoteId} could not be reserved", promotionCode, quote.Id);
            return TypedResults.Problem(
                "The quote's promotion code cannot be reserved right now; nothing was placed. Send the same request again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Discounts unavailable");
        }

        if (reservation.Reserved)
        {
            return null;
        }

        var message = $"{reservation.Refusal} Ask for a new quote without it.";
        return TypedResults.Problem(
            message,
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The promotion code cannot be used",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["promotionCode"] = [message] } });
    }

    private static async Task<Ok<List<OrderResponse>>> ListAsync(
        ClaimsPrincipal user, OrderingDbContext db, OrderStatus? status, string? clientId, string? workerId, int? limit, CancellationToken cancellationToken)
    {
        var orders = Visible(db.Orders.AsNoTracking(), user);
        if (status is { } wanted)
        {
            orders = orders.Where(order => order.Status == wanted);
        }

        if (clientId is not null)
        {
            orders = orders.Where(order => order.ClientId == clientId);
        }

        if (workerId is not null)
        {
            orders = orders.Where(order => order.WorkerId == workerId);
        }

        var page = await orders.OrderByDescending(order => order.PlacedAt).Take(Math.Clamp(limit ?? 50, 1, MaxListSize)).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.Select(ToResponse).ToList());
    }

    /// <summary>
    /// With <paramref name="waitForStatus"/>, a long poll: answers once the order shows that status or is closed
    /// (Completed or Cancelled: it never will), at the latest after <paramref name="waitSeconds"/>; it may answer
    /// sooner (the process stops, or its database listener reconnected), so the caller checks the status it gets.
    /// </summary>
    private static async Task<Results<Ok<OrderDetailResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        Guid id,
        OrderStatus? waitForStatus,
        int? waitSeconds,
        ClaimsPrincipal user,
        OrderingDbContext db,
        OrderStatusWatch statusWatch,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (waitSeconds is not null && waitForStatus is null)
        {
            errors.Add("waitSeconds", "'waitSeconds' needs 'waitForStatus': the status to wait for.");
        }
        else if (waitSeconds is < 1 or > MaxWaitSeconds)
        {
            errors.Add("waitSeconds", $"'waitSeconds' must be from 1 to {MaxWaitSeconds}.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var viewer = OrderViewer.Of(user);
        Task<OrderAndTimeline?> ReadAsync() => OrderWithTimeline(db, id, OrderingEvents.StreamId(id), viewer.SeesEveryOrder, viewer.IsWorker, viewer.AccountId);

        // Registered before the read, so a change between the read and the wait wakes it.
        using var watch = waitForStatus is { } wanted ? statusWatch.Start(id, wanted) : null;
        var found = await ReadAsync();
        if (found is not null && watch is not null && !watch.IsReachedBy(found.Order.Status))
        {
            try
            {
                await watch.Woken.WaitAsync(TimeSpan.FromSeconds(waitSeconds ?? DefaultWaitSeconds), time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Answered with the order as it is now.
            }

            found = await ReadAsync();
        }

        if (found is null)
        {
            return NotFound(id);
        }

        var timeline = found.Events
            .Select(recorded => new TimelineEntry(recorded.Type, recorded.Actor, recorded.OccurredAt, recorded.DataJson is null ? null : JsonDocument.Parse(recorded.DataJson).RootElement))
            .ToList();
        return TypedResults.Ok(new OrderDetailResponse(ToResponse(found.Order), timeline));
    }

    private static async Task<Results<Ok<CancelOrderResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, CancelOrderBody? body, ClaimsPrincipal user, OrderingDbContext db, TemporalClientProvider temporal, CancellationToken cancellationToken)
    {
        var order = await Visible(db.Orders.AsNoTracking(), user).SingleOrDefaultAsync(order => order.Id == id, cancellationToken);
        if (order is null)
        {
            return NotFound(id);
        }

        // A cancelled order goes on to its workflow, which answers a repeated cancellation as the first.
        if (order.Status is OrderStatus.Completed or OrderStatus.Failed)
        {
            return TypedResults.Problem($"The order is {order.Status} already.", statusCode: StatusCodes.Status409Conflict, title: "Not possible now");
        }

        var request = new CancelRequest(user.AccountId(), ByStaff: !user.IsInRole(PlatformRoles.Client), body?.Reason);
        var client = await temporal.GetClientAsync(cancellationToken);
        var handle = client.GetWorkflowHandle<OrderWorkflow>(OrderWorkflow.WorkflowId(id));
        var (cancelled, problem) = await OrderUpdates.RunAsync(handle, workflow => workflow.CancelAsync(request), answers => answers.Cancelled);
        if (problem?.StatusCode == StatusCodes.Status404NotFound && order.Status == OrderStatus.Cancelled)
        {
            // Temporal no longer keeps the closed workflow, and with it the first answer.
            return TypedResults.Problem("The order is Cancelled already.", statusCode: StatusCodes.Status409Conflict, title: "Not possible now");
        }

        return problem ?? (Results<Ok<CancelOrderResponse>, ProblemHttpResult>)TypedResults.Ok(new CancelOrderResponse(id, cancelled!.CancelledAt, cancelled.Compensations));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> AssignAsync(
        Guid id,
        AssignWorkerBody body,
        ClaimsPrincipal user,
        OrderingDbContext db,
        UserManager<PlatformUser> users,
        TemporalClientProvider temporal,
        CancellationToken cancellationToken)
    {
        if (!await db.Orders.AnyAsync(order => order.Id == id, cancellationToken))
        {
            return NotFound(id);
        }

        // Account ids are GUIDs; Identity throws on any other text instead of finding nobody.
        if (body.WorkerId is not { Length: > 0 } workerId
            || !Guid.TryParse(workerId, out _)
            || await users.FindByIdAsync(workerId) is not { } account
            || !await users.IsInRoleAsync(account, PlatformRoles.Worker))
        {
            return new ValidationErrors().Add("workerId", "'workerId' must be the account id of a worker.").ToProblem();
        }

        var client = await temporal.GetClientAsync(cancellationToken);
        var handle = client.GetWorkflowHandle<OrderWorkflow>(OrderWorkflow.WorkflowId(id));
        var assignment = new WorkerAssignment(workerId, user.AccountId());
        var problem = await OrderUpdates.RunAsync(handle, workflow => workflow.AssignWorkerAsync(assignment), answers => answers.WorkerId == workerId);
        return problem ?? (Results<NoContent, ValidationProblem, ProblemHttpResult>)TypedResults.NoContent();
    }

    /// <summary>Clients see their orders, workers the ones assigned to them, managers and ops every order.</summary>
    private static IQueryable<Order> Visible(IQueryable<Order> orders, ClaimsPrincipal user)
    {
        var viewer = OrderViewer.Of(user);
        if (viewer.SeesEveryOrder)
        {
            return orders;
        }

        var accountId = viewer.AccountId;
        return viewer.IsWorker
            ? orders.Where(order => order.WorkerId == accountId)
            : orders.Where(order => order.ClientId == accountId);
    }

    /// <summary>
    /// One order joined with its timeline, as <see cref="Visible"/> lets the viewer see it, in one query. Clients
    /// poll this while they wait for the next step, so it is compiled once (the viewer is a parameter) instead of
    /// being built and looked up in EF's query cache on every request.
    /// </summary>
    private static readonly Func<OrderingDbContext, Guid, string, bool, bool, string, Task<OrderAndTimeline?>> OrderWithTimeline =
        EF.CompileAsyncQuery((OrderingDbContext db, Guid id, string streamId, bool seesEveryOrder, bool isWorker, string accountId) =>
            db.Orders.AsNoTracking()
                .Where(order => order.Id == id && (seesEveryOrder || (isWorker ? order.WorkerId == accountId : order.ClientId == accountId)))
                .Select(order => new OrderAndTimeline(order, db.Events.Where(recorded => recorded.StreamId == streamId).OrderBy(recorded => recorded.OccurredAt).ToList()))
                .SingleOrDefault());

    private sealed record OrderAndTimeline(Order Order, List<RecordedEvent> Events);

    /// <summary>Which orders a signed-in person sees: managers and ops every order, a worker those assigned to them, a client their own.</summary>
    private sealed record OrderViewer(bool SeesEveryOrder, bool IsWorker, string AccountId)
    {
        public static OrderViewer Of(ClaimsPrincipal user) => new(
            user.IsInRole(PlatformRoles.Manager) || user.IsInRole(PlatformRoles.Ops), user.IsInRole(PlatformRoles.Worker), user.AccountId());
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no order '{id}' you can see.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ProblemHttpResult QuoteProblem(string message) => TypedResults.Problem(
        message,
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "The quote cannot be used",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["quoteId"] = [message] } });

    private static OrderResponse ToResponse(Order order) => new(
        order.Id,
        order.QuoteId,
        order.ClientId,
        order.ServiceTypeCode,
        order.ServiceTypeVersion,
        order.Address,
        order.City,
        order.Latitude,
        order.Longitude,
        order.WindowStart,
        order.WindowEnd,
        order.Currency,
        order.Price,
        order.Status,
        order.CurrentStepId,
        order.WorkerId,
        order.PlacedAt,
        order.UpdatedAt);
}
