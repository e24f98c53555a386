using Temporalio.Api.Enums.V1;
using Temporalio.Api.Update.V1;

namespace HelperPlatform.DevServer.Executions;

/// <summary>One workflow update through its lifecycle: admitted, then accepted or rejected, then completed.</summary>
internal sealed class WorkflowUpdate(Request request)
{
    private TaskCompletionSource stageChanged = NewSignal();

    public string UpdateId => Request.Meta.UpdateId;

    public Request Request { get; } = request;

    /// <summary>The id of the protocol message that carried the request to the worker.</summary>
    public string RequestMessageId => UpdateId + "/request";

    public UpdateWorkflowExecutionLifecycleStage Stage { get; private set; } = UpdateWorkflowExecutionLifecycleStage.Admitted;

    public Outcome? Outcome { get; private set; }

    public long AcceptedEventId { get; private set; }

    /// <summary>Set when the run closed before the update could complete.</summary>
    public string? AbandonedReason { get; private set; }

    /// <summary>Completes on the next stage change; fetch it under the gate, await it outside.</summary>
    public Task StageChanged => stageChanged.Task;

    public void Accept(long acceptedEventId)
    {
        AcceptedEventId = acceptedEventId;
        MoveTo(UpdateWorkflowExecutionLifecycleStage.Accepted);
    }

    public void Complete(Outcome outcome)
    {
        Outcome = outcome;
        MoveTo(UpdateWorkflowExecutionLifecycleStage.Completed);
    }

    public void Abandon(string reason)
    {
        AbandonedReason = reason;
        MoveTo(Stage);
    }

    private void MoveTo(UpdateWorkflowExecutionLifecycleStage stage)
    {
        Stage = stage;
        var current = stageChanged;
        stageChanged = NewSignal();
        current.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
