using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Management;

/// <summary>How many running orders or onboardings stand at each step of one definition version now.</summary>
/// <param name="Steps">Only the steps someone is at, most first; a step of the version not listed has none.</param>
public sealed record StepCountsResponse(string Code, int Version, int Total, IReadOnlyList<StepCount> Steps);

public sealed record StepCount(string StepId, int Count);

/// <summary>
/// The live counts per step of a definition version, answered by the context that runs that kind (Ordering for
/// service types, Onboarding for test sets) from its own read model; the designer shows them beside the flow.
/// </summary>
public static class StepCounts
{
    /// <summary>
    /// Maps <c>GET {prefix}/{code}/versions/{version}/step-counts</c> (manager) for the context that owns
    /// <typeparamref name="TDb"/>, whose <paramref name="currentSteps"/> gives the current step of each running
    /// order or onboarding of a code and version.
    /// </summary>
    public static IEndpointRouteBuilder MapStepCounts<TDb>(
        this IEndpointRouteBuilder endpoints, string prefix, string tag, string summary, Func<TDb, string, int, IQueryable<string>> currentSteps)
        where TDb : DbContext
    {
        var counter = new StepCounter<TDb>(currentSteps);
        endpoints.MapGroup(prefix).WithTags(tag)
            .MapGet("/{code}/versions/{version}/step-counts", counter.CountAsync)
            .RequireRoles(PlatformRoles.Manager)
            .WithSummary(summary);
        return endpoints;
    }

    /// <summary>A 400 naming the field, or null when the code and version can name a version.</summary>
    internal static ValidationProblem? Refusal(string code, int version)
    {
        var errors = new ValidationErrors();
        if (!DefinitionCode.IsValid(code))
        {
            errors.Add("code", $"'code' must be {DefinitionCode.FormatDescription}.");
        }

        if (version < 1)
        {
            errors.Add("version", "'version' must be a published version number, 1 or more.");
        }

        return errors.IsValid ? null : errors.ToProblem();
    }

    internal static StepCountsResponse Answer(string code, int version, IEnumerable<StepCount> counts)
    {
        var steps = counts.OrderByDescending(step => step.Count).ThenBy(step => step.StepId, StringComparer.Ordinal).ToList();
        return new StepCountsResponse(code, version, steps.Sum(step => step.Count), steps);
    }
}

/// <summary>The handler of one context's step counts: its query of the current steps is what it holds.</summary>
internal sealed class StepCounter<TDb>(Func<TDb, string, int, IQueryable<string>> currentSteps)
    where TDb : DbContext
{
    /// <remarks>The context comes from the request's services: a route handler with a generic parameter breaks ASP.NET's analyzer.</remarks>
    internal async Task<Results<Ok<StepCountsResponse>, ValidationProblem>> CountAsync(string code, int version, HttpContext context, CancellationToken cancellationToken)
    {
        if (StepCounts.Refusal(code, version) is { } refusal)
        {
            return refusal;
        }

        var counts = await currentSteps(context.RequestServices.GetRequiredService<TDb>(), code, version)
            .GroupBy(stepId => stepId)
            .Select(step => new StepCount(step.Key, step.Count()))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(StepCounts.Answer(code, version, counts));
    }
}
