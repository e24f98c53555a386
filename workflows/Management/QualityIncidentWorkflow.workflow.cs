using HelperPlatform.Workflows.Platform;
using Temporalio.Common;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Management;

/// <summary>
/// Hands a failed order to quality control (Management queue), asynchronously: the order workflow starts it
/// and goes on, so a slow quality desk or notification never holds the order up.
/// </summary>
[Workflow]
public sealed class QualityIncidentWorkflow
{
    public static string WorkflowId(Guid incidentId) => $"quality-incident-{incidentId}";

    [WorkflowRun]
    public async Task RunAsync(QualityIncident incident)
    {
        var options = new ActivityOptions
        {
            TaskQueue = BoundedContext.Management.TaskQueue(),
            StartToCloseTimeout = TimeSpan.FromSeconds(30),
            RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(5) },
        };
        await Workflow.ExecuteActivityAsync((IQualityActivities quality) => quality.OpenQualityIncidentAsync(incident), options);
    }
}
