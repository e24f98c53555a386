using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Platform;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Onboarding;

/// <summary>
/// Asks the Management context which skills have a published test set. The Onboarding host runs it now and
/// then to refresh the skills it accepts, because it never reads the management schema itself.
/// </summary>
[Workflow]
public sealed class PublishedSkillsWorkflow
{
    [WorkflowRun]
    public Task<IReadOnlyList<string>> RunAsync() =>
        Workflow.ExecuteActivityAsync(
            (ITestSetActivities testSets) => testSets.ListPublishedSkillsAsync(),
            new ActivityOptions { TaskQueue = BoundedContext.Management.TaskQueue(), StartToCloseTimeout = TimeSpan.FromSeconds(30) });
}
