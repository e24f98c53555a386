using HelperPlatform.DevServer.Executions;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// Closing a run, whichever way: its close event, the parent's child-closed event, the parent-close policy for
/// its own children, and the updates and queries that can no longer be answered by a workflow task.
/// </summary>
internal sealed class RunLifecycle(DevServerEngine engine)
{
    public void Complete(WorkflowRun run, Payloads? result, long completedEventId) => Close(
        run,
        WorkflowExecutionStatus.Completed,
        new HistoryEvent
        {
            EventType = EventType.WorkflowExecutionCompleted,
            WorkflowExecutionCompletedEventAttributes = new() { Result = result, WorkflowTaskCompletedEventId = completedEventId },
        });

    public void Fail(WorkflowRun run, Failure failure, long completedEventId) => Close(
        run,
        WorkflowExecutionStatus.Failed,
        new HistoryEvent
        {
            EventType = EventType.WorkflowExecutionFailed,
            WorkflowExecutionFailedEventAttributes = new()
            {
                Failure = failure,
                RetryState = RetryState.RetryPolicyNotSet,
                WorkflowTaskCompletedEventId = completedEventId,
            },
        });

    public void Cancel(WorkflowRun run, Payloads? details, long completedEventId) => Close(
        run,
        WorkflowExecutionStatus.Canceled,
        new HistoryEvent
        {
            EventType = EventType.WorkflowExecutionCanceled,
            WorkflowExecutionCanceledEventAttributes = new() { Details = details, WorkflowTaskCompletedEventId = completedEventId },
        });

    public void TimeOut(WorkflowRun run)
    {
        if (!run.IsOpen)
        {
            return;
        }
        Close(
            run,
            WorkflowExecutionStatus.TimedOut,
            new HistoryEvent
            {
                EventType = EventType.WorkflowExecutionTimedOut,
                WorkflowExecutionTimedOutEventAttributes = new() { RetryState = RetryState.Timeout },
            });
    }

    public void Terminate(WorkflowRun run, string reason, Payloads? details, string identity) => Close(
        run,
        WorkflowExecutionStatus.Terminated,
        new HistoryEvent
        {
            EventType = EventType.WorkflowExecutionTerminated,
            WorkflowExecutionTerminatedEventAttributes = new() { Reason = reason, Details = details, Identity = identity },
        });

    public void ContinueAsNew(WorkflowRun run, ContinueAsNewWorkflowExecutionCommandAttributes attributes, long completedEventId)
    {
        var newRunId = Guid.NewGuid().ToString();
        Close(
            run,
            WorkflowExecutionStatus.ContinuedAsNew,
            new HistoryEvent
            {
                EventType = EventType.WorkflowExecutionContinuedAsNew,
                WorkflowExecutionContinuedAsNewEventAttributes = new()
                {
                    NewExecutionRunId = newRunId,
                    WorkflowType = attributes.WorkflowType ?? run.Started.WorkflowType,
                    TaskQueue = string.IsNullOrEmpty(attributes.TaskQueue?.Name) ? run.Started.TaskQueue : attributes.TaskQueue,
                    Input = attributes.Input,
                    WorkflowRunTimeout = attributes.WorkflowRunTimeout,
                    WorkflowTaskTimeout = attributes.WorkflowTaskTimeout,
                    WorkflowTaskCompletedEventId = completedEventId,
                    BackoffStartInterval = attributes.BackoffStartInterval,
                    Initiator = attributes.Initiator,
                    LastCompletionResult = attributes.LastCompletionResult,
                    Header = attributes.Header,
                    Memo = attributes.Memo,
                    SearchAttributes = attributes.SearchAttributes,
                },
            });
        engine.Starter.StartContinuation(run, attributes, newRunId);
    }

    private void Close(WorkflowRun run, WorkflowExecutionStatus status, HistoryEvent closeEvent)
    {
        if (run.WorkflowTask is { } outstandingTask)
        {
            QueryRouter.ReturnUnanswered(run, outstandingTask);
        }
        run.Append(closeEvent, engine.Now);
        run.MarkClosed(status, engine.Now);
        engine.Store.MarkClosed(run);
        UpdateRouter.AbandonAll(run);
        engine.Queries.DispatchAsLegacyTasks(run);
        if (status != WorkflowExecutionStatus.ContinuedAsNew)
        {
            NotifyParent(run, status, closeEvent);
        }
        ApplyParentClosePolicy(run);
        engine.NotifyProgress();
    }

    private void NotifyParent(WorkflowRun child, WorkflowExecutionStatus status, HistoryEvent closeEvent)
    {
        var parentExecution = child.Started.ParentWorkflowExecution;
        if (parentExecution is null
            || engine.Store.FindByRunId(parentExecution.RunId) is not { IsOpen: true } parent
            || !parent.Children.Remove(child.Started.ParentInitiatedEventId, out var tracked))
        {
            return;
        }
        engine.WorkflowTasks.Record(parent, ChildClosedEvent(child, tracked, status, closeEvent));
    }

    private static HistoryEvent ChildClosedEvent(WorkflowRun child, ChildWorkflow tracked, WorkflowExecutionStatus status, HistoryEvent closeEvent)
    {
        var execution = child.Execution;
        return status switch
        {
            WorkflowExecutionStatus.Completed => new HistoryEvent
            {
                EventType = EventType.ChildWorkflowExecutionCompleted,
                ChildWorkflowExecutionCompletedEventAttributes = new()
                {
                    Result = closeEvent.WorkflowExecutionCompletedEventAttributes.Result,
                    Namespace = tracked.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = tracked.WorkflowType,
                    InitiatedEventId = tracked.InitiatedEventId,
                    StartedEventId = tracked.StartedEventId,
                },
            },
            WorkflowExecutionStatus.Failed => new HistoryEvent
            {
                EventType = EventType.ChildWorkflowExecutionFailed,
                ChildWorkflowExecutionFailedEventAttributes = new()
                {
                    Failure = closeEvent.WorkflowExecutionFailedEventAttributes.Failure,
                    Namespace = tracked.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = tracked.WorkflowType,
                    InitiatedEventId = tracked.InitiatedEventId,
                    StartedEventId = tracked.StartedEventId,
                    RetryState = closeEvent.WorkflowExecutionFailedEventAttributes.RetryState,
                },
            },
            WorkflowExecutionStatus.Canceled => new HistoryEvent
            {
                EventType = EventType.ChildWorkflowExecutionCanceled,
                ChildWorkflowExecutionCanceledEventAttributes = new()
                {
                    Details = closeEvent.WorkflowExecutionCanceledEventAttributes.Details,
                    Namespace = tracked.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = tracked.WorkflowType,
                    InitiatedEventId = tracked.InitiatedEventId,
                    StartedEventId = tracked.StartedEventId,
                },
            },
            WorkflowExecutionStatus.TimedOut => new HistoryEvent
            {
                EventType = EventType.ChildWorkflowExecutionTimedOut,
                ChildWorkflowExecutionTimedOutEventAttributes = new()
                {
                    Namespace = tracked.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = tracked.WorkflowType,
                    InitiatedEventId = tracked.InitiatedEventId,
                    StartedEventId = tracked.StartedEventId,
                    RetryState = RetryState.Timeout,
                },
            },
            _ => new HistoryEvent
            {
                EventType = EventType.ChildWorkflowExecutionTerminated,
                ChildWorkflowExecutionTerminatedEventAttributes = new()
                {
                    Namespace = tracked.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = tracked.WorkflowType,
                    InitiatedEventId = tracked.InitiatedEventId,
                    StartedEventId = tracked.StartedEventId,
                },
            },
        };
    }

    private void ApplyParentClosePolicy(WorkflowRun parent)
    {
        foreach (var child in parent.Children.Values.ToList())
        {
            if (string.IsNullOrEmpty(child.RunId)
                || engine.Store.FindLatest(child.Namespace, child.WorkflowId) is not { IsOpen: true } childRun
                || childRun.Started.ParentWorkflowExecution?.RunId != parent.RunId)
            {
                continue;
            }
            switch (child.ParentClosePolicy)
            {
                case ParentClosePolicy.Terminate:
                    Terminate(childRun, "Terminated by parent close policy.", details: null, identity: "dev-server");
                    break;
                case ParentClosePolicy.RequestCancel:
                    engine.Control.RequestCancelRun(childRun, "Cancelled by parent close policy.", "dev-server", externalInitiatedEventId: 0, externalRun: null);
                    break;
                default:
                    break;
            }
        }
    }
}
