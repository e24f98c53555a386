using Temporalio.Common;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Onboarding;

/// <summary>
/// Repairs onboardings whose workflow was lost (an in-memory dev server restarted, ops terminated it): every period it
/// finds confirmed applications still undecided whose workflow Temporal no longer runs
/// (<see cref="IOnboardingReconciliationActivities.FindLostOnboardingsAsync"/>) and starts each again from its journal
/// (<see cref="IOnboardingReconciliationActivities.ResumeOnboardingAsync"/>), so its attempts are scored and its
/// deadlines run. One run per pass, then continue-as-new, so its history stays short; the host starts it under
/// <see cref="Id"/>.
/// </summary>
[Workflow]
public sealed class OnboardingReconciliationWorkflow
{
    /// <summary>The one onboarding reconciliation per namespace: a second start finds it running.</summary>
    public const string Id = "onboarding-reconciliation";

    /// <summary>Retried until PostgreSQL and Temporal answer; each resumption is harmless to repeat.</summary>
    private static readonly ActivityOptions Durable = new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1) },
    };

    [WorkflowRun]
    public async Task RunAsync()
    {
        var pass = await Workflow.ExecuteActivityAsync((IOnboardingReconciliationActivities reconciliation) => reconciliation.FindLostOnboardingsAsync(), Durable);
        foreach (var lost in pass.Lost)
        {
            await Workflow.ExecuteActivityAsync((IOnboardingReconciliationActivities reconciliation) => reconciliation.ResumeOnboardingAsync(lost), Durable);
        }

        await Workflow.DelayAsync(pass.NextPassIn);
        throw Workflow.CreateContinueAsNewException((OnboardingReconciliationWorkflow workflow) => workflow.RunAsync());
    }
}
