using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Activities.Ordering.Quotes;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Ordering;

/// <summary>Quotes (synchronous, seed): the client waits for the price of a service type, address and time window.</summary>
public static class QuoteEndpoints
{
    public static IEndpointRouteBuilder MapQuoteEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/quotes").WithTags("Quotes");
        group.MapPost("/", CreateAsync).RequireRoles(PlatformRoles.Client)
            .WithSummary("Price the latest published version of a service type for an address and time window, less the client's discount and an optional promotion code (client).")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(() => new JsonObject
            {
                ["serviceType"] = "office-cookies", ["address"] = "Friedrichstraße 43, 10117 Berlin", ["city"] = "Berlin", ["latitude"] = 52.5067, ["longitude"] = 13.3903,
                ["windowStart"] = "2026-12-09T10:00:00Z", ["windowEnd"] = "2026-12-09T12:00:00Z",
            });
        group.MapGet("/{id:guid}", GetAsync).RequireRoles(PlatformRoles.Client)
            .WithSummary("One of the caller's quotes (client).");
        return endpoints;
    }

    private static async Task<Results<Created<QuoteResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        QuoteRequestBody body,
        ClaimsPrincipal user,
        TimeProvider time,
        IOptions<QuoteSettings> settings,
        ServiceTypeCatalogue catalogue,
        QuoteBook quotes,
        InvoicingDiscounts discounts,
        ILoggerFactory loggers,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        // PostgreSQL keeps microseconds: the answer shows the instants exactly as they are stored.
        var now = time.GetUtcNow().ToStoredPrecision();
        var errors = new ValidationErrors();
        var window = QuoteRequestValidator.Validate(body, now, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var request = new QuoteRequest(
            Guid.CreateVersion7(now),
            ClientId(user),
            body.ServiceType!,
            body.Address!.Trim(),
            body.City!.Trim(),
            body.Latitude!.Value,
            body.Longitude!.Value,
            window!.Value.Start.ToStoredPrecision(),
            window.Value.End.ToStoredPrecision(),
            now,
            now + settings.Value.Validity);
        PublishedServiceType? serviceType;
        try
        {
            serviceType = await catalogue.LatestAsync(request.ServiceTypeCode, cancellationToken);
        }
        catch (Exception e) when (e is TemporalException or TimeoutException)
        {
            loggers.CreateLogger(typeof(QuoteEndpoints)).LogWarning(e, "Service type {ServiceType} could not be looked up for a quote", request.ServiceTypeCode);
            // Temporal out of reach, or the lookup unanswered within its budget (no Management worker took it).
            return ServiceUnavailableAnswer.Problem(
                httpContext.Response,
                InfrastructureUnavailableExceptionHandler.Unavailable(e) ?? "Management",
                "Pricing is not available right now; nothing was quoted. Try again shortly.");
        }

        if (serviceType is null)
        {
            return TypedResults.Problem(
                $"There is no published service type '{request.ServiceTypeCode}'.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Unknown service type",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["serviceType"] = [$"'{request.ServiceTypeCode}' is not a published service type."] } });
        }

        var price = PriceCalculator.Price(serviceType.Terms, request.WindowStart, request.QuotedAt);
        var promotionCode = body.PromotionCode;
        DiscountOffer offer;
        try
        {
            offer = await discounts.OfferAsync(request.QuoteId, new DiscountQuery(request.ClientId, serviceType.Code, price.Currency, price.Total, promotionCode, now));
        }
        catch (Exception e) when (e is TemporalException or TimeoutException)
        {
            var logger = loggers.CreateLogger(typeof(QuoteEndpoints));
            if (promotionCode is not null)
            {
                logger.LogWarning(e, "Promotion code {PromotionCode} could not be checked for a quote", promotionCode);
                return TypedResults.Problem(
                    "Promotion codes cannot be checked right now; nothing was quoted. Try again shortly, or ask without the code.",
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "Discounts unavailable");
            }

            // A quote without a code never depends on Invoicing: it is priced without the client's own discounts.
            logger.LogWarning(e, "Discounts could not be asked for; quoting without them");
            offer = new DiscountOffer([], null);
        }

        if (offer.PromotionCodeRefusal is { } refusal)
        {
            return TypedResults.Problem(
                refusal,
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The promotion code cannot be used",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["promotionCode"] = [refusal] } });
        }

        var stored = await quotes.StoreAsync(request, serviceType, PriceCalculator.WithDiscounts(price, offer.Discounts), cancellationToken);
        return TypedResults.Created($"/api/quotes/{stored.Id}", ToResponse(stored));
    }

    /// <summary>Another client's quote is answered 404, the same as a missing one, so quote ids reveal nothing.</summary>
    private static async Task<Results<Ok<QuoteResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, OrderingDbContext db, CancellationToken cancellationToken)
    {
        var clientId = ClientId(user);
        var quote = await db.Quotes.AsNoTracking().SingleOrDefaultAsync(quote => quote.Id == id && quote.ClientId == clientId, cancellationToken);
        return quote is null
            ? TypedResults.Problem($"You have no quote '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : TypedResults.Ok(ToResponse(quote));
    }

    private static QuoteResponse ToResponse(Quote quote)
    {
        var price = QuoteBook.PriceOf(quote);
        return new QuoteResponse(
            quote.Id,
            quote.ServiceTypeCode,
            quote.ServiceTypeVersion,
            quote.Address,
            quote.City,
            quote.Latitude,
            quote.Longitude,
            quote.WindowStart,
            quote.WindowEnd,
            price.Currency,
            price.BasePrice,
            [.. price.Surcharges.Select(surcharge => new SurchargeResponse(surcharge.Id, surcharge.Rule, surcharge.Amount))],
            [.. price.Discounts.Select(discount => new DiscountResponse(discount.Source, discount.Reference, discount.Description, discount.Amount))],
            price.Total,
            quote.QuotedAt,
            quote.ExpiresAt);
    }

    private static string ClientId(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("An authorized request has no user id.");
}
