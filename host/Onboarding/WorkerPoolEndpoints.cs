using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Activities.Onboarding.WorkerPool;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Onboarding;

/// <summary>
/// The worker pool seen by the people in it and by staff: a worker reads their own entry and says whether
/// they take offers now and where they are (what matching reads); managers and ops list the pool.
/// </summary>
public static class WorkerPoolEndpoints
{
    private const int MaxListSize = 200;

    public static IEndpointRouteBuilder MapWorkerPoolEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var workers = endpoints.MapGroup("/api/workers").WithTags("Worker pool");
        workers.MapGet("/me", GetMineAsync)
            .RequireRoles(PlatformRoles.Worker)
            .WithSummary("The signed-in worker's pool entry: city, skills, whether they take offers, last position, rating (worker).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        workers.MapPut("/me/availability", SetAvailabilityAsync)
            .RequireRoles(PlatformRoles.Worker)
            .WithSummary("Say whether you take offers now and, optionally, where you are; matching reads both (worker).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithRequestExample(() => new JsonObject { ["active"] = true, ["latitude"] = 52.5070, ["longitude"] = 13.3900 });
        workers.MapGet("/", ListAsync)
            .RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Pool workers by name, optionally of one city, one skill, active or not (manager, ops).");
        return endpoints;
    }

    private static async Task<Results<Ok<PoolWorkerResponse>, ProblemHttpResult>> GetMineAsync(
        ClaimsPrincipal user, OnboardingDbContext db, CancellationToken cancellationToken)
    {
        var accountId = AccountId(user);
        var member = await db.WorkerPool.AsNoTracking().SingleOrDefaultAsync(member => member.AccountId == accountId, cancellationToken);
        return member is null ? NotInPool() : TypedResults.Ok(Describe(member));
    }

    /// <summary>
    /// Without a position the last known one stays: a worker going off duty need not say where they are, and
    /// matching keeps ranking by where they were last.
    /// </summary>
    private static async Task<Results<Ok<PoolWorkerResponse>, ValidationProblem, ProblemHttpResult>> SetAvailabilityAsync(
        AvailabilityRequest request, ClaimsPrincipal user, OnboardingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var accountId = AccountId(user);
        var member = await db.WorkerPool.SingleOrDefaultAsync(member => member.AccountId == accountId, cancellationToken);
        if (member is null)
        {
            return NotInPool();
        }

        member.Active = request.Active!.Value;
        if (request.Latitude is { } latitude && request.Longitude is { } longitude)
        {
            member.Latitude = latitude;
            member.Longitude = longitude;
            member.PositionReportedAt = time.GetUtcNow().ToStoredPrecision();
        }

        // Only the changed columns are written, so a rating recorded meanwhile is kept.
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(Describe(member));
    }

    private static ValidationErrors Validate(AvailabilityRequest request)
    {
        var errors = new ValidationErrors();
        if (request.Active is null)
        {
            errors.Add("active", "'active' is required: true to take offers now, false to take none.");
        }

        if (request.Latitude is null && request.Longitude is not null)
        {
            errors.Add("latitude", "'latitude' is required with 'longitude': send both or neither.");
        }
        else if (request.Latitude is not null and not (>= -90 and <= 90))
        {
            errors.Add("latitude", "'latitude' must be degrees from -90 to 90.");
        }

        if (request.Longitude is null && request.Latitude is not null)
        {
            errors.Add("longitude", "'longitude' is required with 'latitude': send both or neither.");
        }
        else if (request.Longitude is not null and not (>= -180 and <= 180))
        {
            errors.Add("longitude", "'longitude' must be degrees from -180 to 180.");
        }

        return errors;
    }

    private static async Task<Results<Ok<List<PoolWorkerResponse>>, ValidationProblem>> ListAsync(
        string? city, string? skill, bool? active, int? limit, OnboardingDbContext db, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (city is not null)
        {
            errors.Required("city", city, OnboardingDbContext.MaxCityLength);
        }

        if (skill is not null && !DefinitionCode.IsValid(skill))
        {
            errors.Add("skill", $"'skill' must be a skill's code, {DefinitionCode.FormatDescription}.");
        }

        if (limit is not (null or (>= 1 and <= MaxListSize)))
        {
            errors.Add("limit", $"'limit' must be a whole number from 1 to {MaxListSize}.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var pool = db.WorkerPool.AsNoTracking();
        if (city is not null)
        {
            pool = pool.InCity(city);
        }

        if (skill is not null)
        {
            pool = pool.Where(member => member.Skills.Contains(skill));
        }

        if (active is { } wanted)
        {
            pool = pool.Where(member => member.Active == wanted);
        }

        var page = await pool.OrderBy(member => member.DisplayName).ThenBy(member => member.AccountId)
            .Take(limit ?? 50)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.Select(Describe).ToList());
    }

    private static ProblemHttpResult NotInPool() => TypedResults.Problem(
        "You are not in the worker pool: a worker joins it by passing the onboarding test set of a skill.",
        statusCode: StatusCodes.Status404NotFound,
        title: "Not in the worker pool");

    private static PoolWorkerResponse Describe(WorkerPoolMember member) => new(
        member.AccountId, member.DisplayName, member.City, member.Skills, member.Active,
        member.Latitude, member.Longitude, member.PositionReportedAt, member.Rating, member.AddedAt);

    private static Guid AccountId(ClaimsPrincipal user) => Guid.Parse(user.AccountId());
}
