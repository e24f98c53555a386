using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Management;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Ordering;

/// <summary>Managers see how many running orders of a service type version are at each of its steps now.</summary>
public static class ServiceTypeStepCountEndpoints
{
    public static IEndpointRouteBuilder MapServiceTypeStepCountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/service-types").WithTags("Service types")
            .MapGet(StepCounts.Route, CountAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("How many running orders pinned to this service type version are at each step now, from the orders' read model (manager).");
        return endpoints;
    }

    /// <summary>An order's current step is set while its flow runs and cleared when it closes, so every order with one is running.</summary>
    private static async Task<Results<Ok<StepCountsResponse>, ValidationProblem>> CountAsync(
        string code, int version, OrderingDbContext db, CancellationToken cancellationToken)
    {
        if (StepCounts.Refusal(code, version) is { } refusal)
        {
            return refusal;
        }

        var counts = await db.Orders
            .Where(order => order.ServiceTypeCode == code && order.ServiceTypeVersion == version && order.CurrentStepId != null)
            .GroupBy(order => order.CurrentStepId!)
            .Select(step => new StepCount(step.Key, step.Count()))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(StepCounts.Answer(code, version, counts));
    }
}
