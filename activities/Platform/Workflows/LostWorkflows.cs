using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.Activities.Platform.Workflows;

/// <summary>Whether Temporal still runs a workflow a context's records say is under way (the reconciliations ask).</summary>
public static class LostWorkflows
{
    /// <returns>
    /// Why the workflow cannot go on: not found (an in-memory dev server restarted), terminated, failed, timed out or
    /// cancelled; null while it runs, or when it completed (which settled its records itself).
    /// </returns>
    public static async Task<string?> WhyLostAsync(ITemporalClient client, string workflowId)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            var description = await client.GetWorkflowHandle(workflowId).DescribeAsync();
            return description.Status switch
            {
                WorkflowExecutionStatus.Terminated => "workflow terminated",
                WorkflowExecutionStatus.Failed => "workflow failed",
                WorkflowExecutionStatus.TimedOut => "workflow timed out",
                WorkflowExecutionStatus.Canceled => "workflow cancelled",
                _ => null,
            };
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return "workflow not found";
        }
    }
}
