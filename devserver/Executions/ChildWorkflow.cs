using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace HelperPlatform.DevServer.Executions;

/// <summary>A child workflow as its parent tracks it, from StartChildWorkflowExecutionInitiated until it closes.</summary>
internal sealed class ChildWorkflow(
    long initiatedEventId, string @namespace, string workflowId, WorkflowType workflowType, ParentClosePolicy parentClosePolicy)
{
    public long InitiatedEventId { get; } = initiatedEventId;

    public string Namespace { get; } = @namespace;

    public string WorkflowId { get; } = workflowId;

    public WorkflowType WorkflowType { get; } = workflowType;

    public ParentClosePolicy ParentClosePolicy { get; } = parentClosePolicy;

    /// <summary>Empty until the child has started.</summary>
    public string RunId { get; set; } = string.Empty;

    public long StartedEventId { get; set; }
}
