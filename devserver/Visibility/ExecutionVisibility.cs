namespace HelperPlatform.DevServer.Visibility;

/// <summary>
/// The visibility record of one workflow execution: the columns a list filter can test.
/// <see cref="CloseTime"/> is null while the execution is still running; the parent's ids are null for a workflow
/// that no workflow started, whose root is itself.
/// </summary>
internal sealed record ExecutionVisibility(
    string WorkflowId,
    string RunId,
    string WorkflowType,
    Temporalio.Api.Enums.V1.WorkflowExecutionStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset? CloseTime,
    DateTimeOffset ExecutionTime,
    string TaskQueue,
    string? ParentWorkflowId = null,
    string? ParentRunId = null,
    string? RootWorkflowId = null,
    string? RootRunId = null);
