using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Management;
using HelperPlatform.Workflows.Onboarding;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Onboarding;

/// <summary>Managers see how many onboardings taking a test set version are at each of its steps now.</summary>
public static class TestSetStepCountEndpoints
{
    public static IEndpointRouteBuilder MapTestSetStepCountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/test-sets").WithTags("Test sets")
            .MapGet(StepCounts.Route, CountAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("How many onboardings taking this test set version are at each step now, from the applications' test set assignments (manager).");
        return endpoints;
    }

    /// <summary>An assignment in progress names the test waiting for the candidate or a grade; a decided one names none.</summary>
    private static async Task<Results<Ok<StepCountsResponse>, ValidationProblem>> CountAsync(
        string code, int version, OnboardingDbContext db, CancellationToken cancellationToken)
    {
        if (StepCounts.Refusal(code, version) is { } refusal)
        {
            return refusal;
        }

        var counts = await db.TestSetAssignments
            .Where(assignment => assignment.TestSetCode == code && assignment.Version == version
                && assignment.Status == TestSetStatus.InProgress && assignment.CurrentStepId != null)
            .GroupBy(assignment => assignment.CurrentStepId!)
            .Select(step => new StepCount(step.Key, step.Count()))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(StepCounts.Answer(code, version, counts));
    }
}
