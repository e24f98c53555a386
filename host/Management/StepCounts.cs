using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Activities.Management.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;

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
    public const string Route = "/{code}/versions/{version}/step-counts";

    /// <summary>A 400 naming the field, or null when the code and version can name a version.</summary>
    public static ValidationProblem? Refusal(string code, int version)
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

    public static StepCountsResponse Answer(string code, int version, IEnumerable<StepCount> counts)
    {
        var steps = counts.OrderByDescending(step => step.Count).ThenBy(step => step.StepId, StringComparer.Ordinal).ToList();
        return new StepCountsResponse(code, version, steps.Sum(step => step.Count), steps);
    }
}
