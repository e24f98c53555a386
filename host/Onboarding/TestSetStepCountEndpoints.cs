using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Management;
using HelperPlatform.Workflows.Onboarding;

namespace HelperPlatform.Host.Onboarding;

/// <summary>Managers see how many onboardings taking a test set version are at each of its steps now.</summary>
public static class TestSetStepCountEndpoints
{
    /// <remarks>An assignment in progress names the test waiting for the candidate or a grade; a decided one names none.</remarks>
    public static IEndpointRouteBuilder MapTestSetStepCountEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapStepCounts<OnboardingDbContext>(
            "/api/test-sets", "Test sets",
            "How many onboardings taking this test set version are at each step now, from the applications' test set assignments (manager).",
            (db, code, version) => db.TestSetAssignments
                .Where(assignment => assignment.TestSetCode == code && assignment.Version == version
                    && assignment.Status == TestSetStatus.InProgress && assignment.CurrentStepId != null)
                .Select(assignment => assignment.CurrentStepId!));
}
