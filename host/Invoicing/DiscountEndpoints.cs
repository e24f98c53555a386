using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.Discounts;
using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Invoicing;

/// <summary>
/// Discounts, managed by managers (ops may read): promotion codes clients give with a quote, and discounts granted
/// to one client. Created, listed, read and deactivated; never edited, so every quote's discount stays explainable.
/// </summary>
public static class DiscountEndpoints
{
    private const int MaxListSize = 200;
    private const int MaxServiceTypes = 50;
    private const int MaxUsageLimit = 1_000_000;

    public static IEndpointRouteBuilder MapDiscountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var codes = endpoints.MapGroup("/api/promotion-codes").WithTags("Discounts");
        codes.MapPost("/", CreatePromotionCodeAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Create a promotion code: a percentage or a fixed amount, a validity window, usage limits and service types (manager).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(() => new JsonObject
            {
                ["code"] = "WELCOME10", ["description"] = "10 % off your first orders", ["percent"] = 10, ["currency"] = "EUR",
                ["validFrom"] = "2026-12-01T00:00:00Z", ["validUntil"] = "2027-01-01T00:00:00Z",
                ["totalUsageLimit"] = 500, ["perClientUsageLimit"] = 1, ["serviceTypes"] = new JsonArray("office-cookies"),
            });
        codes.MapGet("/", ListPromotionCodesAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Promotion codes, newest first, with their current usage; optionally only active or inactive ones (managers, ops).");
        codes.MapGet("/{code}", GetPromotionCodeAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("One promotion code (any case) with its current usage (managers, ops).");
        codes.MapPost("/{code}/deactivate", DeactivatePromotionCodeAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Withdraw a promotion code: new quotes and placements refuse it; orders placed with it keep their price (manager).");

        var clientDiscounts = endpoints.MapGroup("/api/client-discounts").WithTags("Discounts");
        clientDiscounts.MapPost("/", CreateClientDiscountAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Grant a client a discount (percentage or fixed amount, optional validity) that their quotes apply by themselves (manager).")
            .WithRequestExample(() => new JsonObject
            {
                ["clientId"] = "3f6c2a9e-8d41-4b7c-9e25-1a0d7c4b6f38", ["description"] = "Loyal customer", ["percent"] = 5,
                ["validUntil"] = "2027-06-30T00:00:00Z",
            });
        clientDiscounts.MapGet("/", ListClientDiscountsAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Client discounts, newest first; optionally of one client, only active or inactive ones (managers, ops).");
        clientDiscounts.MapGet("/{id:guid}", GetClientDiscountAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("One client discount (managers, ops).");
        clientDiscounts.MapPost("/{id:guid}/deactivate", DeactivateClientDiscountAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("End a client discount: new quotes no longer apply it (manager).");
        return endpoints;
    }

    private static async Task<Results<Created<PromotionCodeResponse>, ValidationProblem, ProblemHttpResult>> CreatePromotionCodeAsync(
        PromotionCodeBody body, ClaimsPrincipal user, DiscountBook book, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!PromotionCodeFormat.IsValid(body.Code))
        {
            errors.Add("code", $"'code' is required: {PromotionCodeFormat.Description}.");
        }

        var (from, until) = DiscountTermsValidator.Validate(body.Description, body.Percent, body.Amount, body.Currency, body.ValidFrom, body.ValidUntil, errors);
        ValidateLimit(body.TotalUsageLimit, "totalUsageLimit", errors);
        ValidateLimit(body.PerClientUsageLimit, "perClientUsageLimit", errors);
        if (body.TotalUsageLimit is { } total and > 0 && body.PerClientUsageLimit > total)
        {
            errors.Add("perClientUsageLimit", "'perClientUsageLimit' must not exceed 'totalUsageLimit'.");
        }

        var serviceTypes = body.ServiceTypes ?? [];
        if (serviceTypes.Count > MaxServiceTypes)
        {
            errors.Add("serviceTypes", $"'serviceTypes' may name at most {MaxServiceTypes} service types.");
        }

        for (var index = 0; index < serviceTypes.Count; index++)
        {
            if (!DefinitionCode.IsValid(serviceTypes[index]))
            {
                errors.Add($"serviceTypes[{index}]", $"'serviceTypes[{index}]' must be a service type code: {DefinitionCode.FormatDescription}.");
            }
            else if (serviceTypes.Take(index).Contains(serviceTypes[index]))
            {
                errors.Add($"serviceTypes[{index}]", $"'serviceTypes[{index}]' names '{serviceTypes[index]}' twice.");
            }
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow().ToStoredPrecision();
        var code = new PromotionCode
        {
            Id = Guid.CreateVersion7(now),
            Code = PromotionCode.Normalize(body.Code!),
            Description = body.Description,
            Percent = body.Percent,
            Amount = body.Amount,
            Currency = body.Currency,
            ValidFrom = from?.ToStoredPrecision(),
            ValidUntil = until?.ToStoredPrecision(),
            TotalUsageLimit = body.TotalUsageLimit,
            PerClientUsageLimit = body.PerClientUsageLimit,
            ServiceTypeCodes = [.. serviceTypes],
            Active = true,
            CreatedBy = user.AccountId(),
            CreatedAt = now,
        };
        if (!await book.CreateAsync(code, cancellationToken))
        {
            return TypedResults.Problem(
                $"Promotion code '{code.Code}' exists already (codes are case-insensitive).",
                statusCode: StatusCodes.Status409Conflict,
                title: "Code taken",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["code"] = [$"'{code.Code}' exists already."] } });
        }

        return TypedResults.Created($"/api/promotion-codes/{code.Code}", ToResponse(code, new PromotionCodeUsage(0, 0)));
    }

    private static async Task<Ok<List<PromotionCodeResponse>>> ListPromotionCodesAsync(
        bool? active, int? limit, InvoicingDbContext db, DiscountBook book, CancellationToken cancellationToken)
    {
        var codes = db.PromotionCodes.AsNoTracking();
        if (active is { } wanted)
        {
            codes = codes.Where(code => code.Active == wanted);
        }

        var page = await codes.OrderByDescending(code => code.CreatedAt).Take(Math.Clamp(limit ?? 50, 1, MaxListSize)).ToListAsync(cancellationToken);
        var usage = await book.UsageAsync([.. page.Select(code => code.Id)], cancellationToken);
        return TypedResults.Ok(page.Select(code => ToResponse(code, usage[code.Id])).ToList());
    }

    private static async Task<Results<Ok<PromotionCodeResponse>, ProblemHttpResult>> GetPromotionCodeAsync(
        string code, InvoicingDbContext db, DiscountBook book, CancellationToken cancellationToken)
    {
        var normalized = PromotionCode.Normalize(code);
        var found = await db.PromotionCodes.AsNoTracking().SingleOrDefaultAsync(existing => existing.Code == normalized, cancellationToken);
        return found is null
            ? PromotionCodeNotFound(code)
            : TypedResults.Ok(ToResponse(found, (await book.UsageAsync([found.Id], cancellationToken))[found.Id]));
    }

    /// <summary>Idempotent: a code deactivated before is answered as it is.</summary>
    private static async Task<Results<Ok<PromotionCodeResponse>, ProblemHttpResult>> DeactivatePromotionCodeAsync(
        string code, ClaimsPrincipal user, InvoicingDbContext db, DiscountBook book, CancellationToken cancellationToken)
    {
        if (await book.DeactivatePromotionCodeAsync(code, user.AccountId(), cancellationToken) == Deactivation.NotFound)
        {
            return PromotionCodeNotFound(code);
        }

        return await GetPromotionCodeAsync(code, db, book, cancellationToken);
    }

    private static async Task<Results<Created<ClientDiscountResponse>, ValidationProblem>> CreateClientDiscountAsync(
        ClientDiscountBody body, ClaimsPrincipal user, UserManager<PlatformUser> users, DiscountBook book, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        // Account ids are GUIDs; Identity throws on any other text instead of finding nobody.
        if (body.ClientId is not { Length: > 0 } clientId
            || !Guid.TryParse(clientId, out _)
            || await users.FindByIdAsync(clientId) is not { } account
            || !await users.IsInRoleAsync(account, PlatformRoles.Client))
        {
            errors.Add("clientId", "'clientId' must be the account id of a client.");
        }

        var (from, until) = DiscountTermsValidator.Validate(body.Description, body.Percent, body.Amount, body.Currency, body.ValidFrom, body.ValidUntil, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow().ToStoredPrecision();
        var discount = new ClientDiscount
        {
            Id = Guid.CreateVersion7(now),
            ClientId = body.ClientId!,
            Description = body.Description,
            Percent = body.Percent,
            Amount = body.Amount,
            Currency = body.Currency,
            ValidFrom = from?.ToStoredPrecision(),
            ValidUntil = until?.ToStoredPrecision(),
            Active = true,
            CreatedBy = user.AccountId(),
            CreatedAt = now,
        };
        await book.CreateAsync(discount, cancellationToken);
        return TypedResults.Created($"/api/client-discounts/{discount.Id}", ToResponse(discount));
    }

    private static async Task<Ok<List<ClientDiscountResponse>>> ListClientDiscountsAsync(
        string? clientId, bool? active, int? limit, InvoicingDbContext db, CancellationToken cancellationToken)
    {
        var discounts = db.ClientDiscounts.AsNoTracking();
        if (clientId is not null)
        {
            discounts = discounts.Where(discount => discount.ClientId == clientId);
        }

        if (active is { } wanted)
        {
            discounts = discounts.Where(discount => discount.Active == wanted);
        }

        var page = await discounts.OrderByDescending(discount => discount.CreatedAt).Take(Math.Clamp(limit ?? 50, 1, MaxListSize)).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.Select(ToResponse).ToList());
    }

    private static async Task<Results<Ok<ClientDiscountResponse>, ProblemHttpResult>> GetClientDiscountAsync(Guid id, InvoicingDbContext db, CancellationToken cancellationToken)
    {
        var found = await db.ClientDiscounts.AsNoTracking().SingleOrDefaultAsync(discount => discount.Id == id, cancellationToken);
        return found is null ? ClientDiscountNotFound(id) : TypedResults.Ok(ToResponse(found));
    }

    /// <summary>Idempotent, as for promotion codes.</summary>
    private static async Task<Results<Ok<ClientDiscountResponse>, ProblemHttpResult>> DeactivateClientDiscountAsync(
        Guid id, ClaimsPrincipal user, InvoicingDbContext db, DiscountBook book, CancellationToken cancellationToken)
    {
        if (await book.DeactivateClientDiscountAsync(id, user.AccountId(), cancellationToken) == Deactivation.NotFound)
        {
            return ClientDiscountNotFound(id);
        }

        return await GetClientDiscountAsync(id, db, cancellationToken);
    }

    private static void ValidateLimit(int? limit, string field, ValidationErrors errors)
    {
        if (limit is < 1 or > MaxUsageLimit)
        {
            errors.Add(field, $"'{field}' must be from 1 to {MaxUsageLimit}, or left out for no limit.");
        }
    }

    private static ProblemHttpResult PromotionCodeNotFound(string code) =>
        TypedResults.Problem($"There is no promotion code '{code}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ProblemHttpResult ClientDiscountNotFound(Guid id) =>
        TypedResults.Problem($"There is no client discount '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static PromotionCodeResponse ToResponse(PromotionCode code, PromotionCodeUsage usage) => new(
        code.Code,
        code.Description,
        code.Percent,
        code.Amount,
        code.Currency,
        code.ValidFrom,
        code.ValidUntil,
        code.TotalUsageLimit,
        code.PerClientUsageLimit,
        code.ServiceTypeCodes,
        code.Active,
        usage.Confirmed,
        usage.Reserved,
        code.CreatedBy,
        code.CreatedAt,
        code.DeactivatedAt);

    private static ClientDiscountResponse ToResponse(ClientDiscount discount) => new(
        discount.Id,
        discount.ClientId,
        discount.Description,
        discount.Percent,
        discount.Amount,
        discount.Currency,
        discount.ValidFrom,
        discount.ValidUntil,
        discount.Active,
        discount.CreatedBy,
        discount.CreatedAt,
        discount.DeactivatedAt);
}
