using Temporalio.Activities;

namespace HelperPlatform.Workflows.Onboarding;

/// <summary>A confirmed application still at its tests whose workflow Temporal no longer runs.</summary>
/// <param name="Reason">What became of the workflow: <c>workflow not found</c>, <c>workflow terminated</c>, …</param>
public sealed record LostOnboarding(Guid ApplicationId, string Reason);

/// <summary>One onboarding reconciliation pass's finding, and how long to wait before the next pass.</summary>
public sealed record OnboardingReconciliationPass(IReadOnlyList<LostOnboarding> Lost, TimeSpan NextPassIn);

/// <summary>Finds and resumes the onboardings <see cref="OnboardingReconciliationWorkflow"/> repairs, on the Onboarding queue.</summary>
public interface IOnboardingReconciliationActivities
{
    /// <summary>
    /// Confirmed applications not yet decided (testing, or confirmed and not yet assigned their sets) whose workflow
    /// Temporal does not know or reports closed other than completed (terminated, failed, timed out, cancelled).
    /// </summary>
    [Activity]
    Task<OnboardingReconciliationPass> FindLostOnboardingsAsync();

    /// <summary>
    /// Reads where the application stood (its row, its pinned sets, its journal) and starts its workflow again from
    /// there, under the same id; nothing when a run is there already (running, or completed since the pass looked).
    /// </summary>
    [Activity]
    Task ResumeOnboardingAsync(LostOnboarding lost);
}
