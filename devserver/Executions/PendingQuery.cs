using Temporalio.Api.Query.V1;

namespace HelperPlatform.DevServer.Executions;

/// <summary>A client's query waiting for a worker to answer it, either in a workflow task or as a legacy query task.</summary>
internal sealed class PendingQuery(WorkflowRun run, WorkflowQuery query)
{
    public string Id { get; } = Guid.NewGuid().ToString("N");

    public WorkflowRun Run { get; } = run;

    public WorkflowQuery Query { get; } = query;

    public TaskCompletionSource<WorkflowQueryResult> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
