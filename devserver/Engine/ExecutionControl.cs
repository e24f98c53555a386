using HelperPlatform.DevServer.Executions;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>Signals, cancellation requests and termination, from clients and from other workflows.</summary>
internal sealed class ExecutionControl(DevServerEngine engine)
{
    public SignalWorkflowExecutionResponse Signal(SignalWorkflowExecutionRequest request)
    {
        if (string.IsNullOrEmpty(request.SignalName))
        {
            throw RpcErrors.InvalidArgument("SignalName is not set on request.");
        }
        lock (engine.Gate)
        {
            var run = RequireOpenRun(request.Namespace, request.WorkflowExecution);
            if (string.IsNullOrEmpty(request.RequestId) || run.SeenRequestIds.Add(request.RequestId))
            {
                SignalRun(run, request.SignalName, request.Input, request.Header, request.Identity, request.RequestId, external: null);
            }
            return new SignalWorkflowExecutionResponse();
        }
    }

    public RequestCancelWorkflowExecutionResponse RequestCancel(RequestCancelWorkflowExecutionRequest request)
    {
        lock (engine.Gate)
        {
            var run = RequireOpenRun(request.Namespace, request.WorkflowExecution);
            if (string.IsNullOrEmpty(request.RequestId) || run.SeenRequestIds.Add(request.RequestId))
            {
                RequestCancelRun(run, request.Reason, request.Identity, externalInitiatedEventId: 0, externalRun: null);
            }
            return new RequestCancelWorkflowExecutionResponse();
        }
    }

    public TerminateWorkflowExecutionResponse Terminate(TerminateWorkflowExecutionRequest request)
    {
        lock (engine.Gate)
        {
            var run = RequireOpenRun(request.Namespace, request.WorkflowExecution);
            engine.Lifecycle.Terminate(run, request.Reason, request.Details, request.Identity);
            return new TerminateWorkflowExecutionResponse();
        }
    }

    /// <summary>Call under the gate.</summary>
    public void SignalRun(
        WorkflowRun run, string signalName, Payloads? input, Header? header, string identity, string requestId, WorkflowExecution? external) =>
        engine.WorkflowTasks.Record(run, new HistoryEvent
        {
            EventType = EventType.WorkflowExecutionSignaled,
            WorkflowExecutionSignaledEventAttributes = new()
            {
                SignalName = signalName,
                Input = input,
                Header = header,
                Identity = identity,
                RequestId = requestId ?? string.Empty,
                ExternalWorkflowExecution = external,
            },
        });

    /// <summary>Call under the gate. A second request for the same run changes nothing.</summary>
    public void RequestCancelRun(WorkflowRun run, string cause, string identity, long externalInitiatedEventId, WorkflowExecution? externalRun)
    {
        if (run.IsCancelRequested)
        {
            return;
        }
        run.IsCancelRequested = true;
        engine.WorkflowTasks.Record(run, new HistoryEvent
        {
            EventType = EventType.WorkflowExecutionCancelRequested,
            WorkflowExecutionCancelRequestedEventAttributes = new()
            {
                Cause = cause ?? string.Empty,
                Identity = identity ?? string.Empty,
                ExternalInitiatedEventId = externalInitiatedEventId,
                ExternalWorkflowExecution = externalRun,
            },
        });
    }

    /// <summary>Delivers a workflow's SignalExternalWorkflowExecution command. Call under the gate.</summary>
    public void SignalExternal(WorkflowRun source, long initiatedEventId, SignalExternalWorkflowExecutionInitiatedEventAttributes initiated)
    {
        var target = engine.Store.Find(initiated.Namespace, initiated.WorkflowExecution.WorkflowId, initiated.WorkflowExecution.RunId);
        if (target is { IsOpen: true })
        {
            SignalRun(target, initiated.SignalName, initiated.Input, initiated.Header, identity: string.Empty, requestId: string.Empty, source.Execution);
            engine.WorkflowTasks.Record(source, new HistoryEvent
            {
                EventType = EventType.ExternalWorkflowExecutionSignaled,
                ExternalWorkflowExecutionSignaledEventAttributes = new()
                {
                    InitiatedEventId = initiatedEventId,
                    Namespace = initiated.Namespace,
                    WorkflowExecution = target.Execution,
                },
            });
            return;
        }
        engine.WorkflowTasks.Record(source, new HistoryEvent
        {
            EventType = EventType.SignalExternalWorkflowExecutionFailed,
            SignalExternalWorkflowExecutionFailedEventAttributes = new()
            {
                Cause = SignalExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                WorkflowTaskCompletedEventId = initiated.WorkflowTaskCompletedEventId,
                Namespace = initiated.Namespace,
                WorkflowExecution = initiated.WorkflowExecution,
                InitiatedEventId = initiatedEventId,
            },
        });
    }

    /// <summary>Delivers a workflow's RequestCancelExternalWorkflowExecution command. Call under the gate.</summary>
    public void CancelExternal(
        WorkflowRun source, long initiatedEventId, RequestCancelExternalWorkflowExecutionInitiatedEventAttributes initiated)
    {
        var target = engine.Store.Find(initiated.Namespace, initiated.WorkflowExecution.WorkflowId, initiated.WorkflowExecution.RunId);
        if (target is { IsOpen: true })
        {
            RequestCancelRun(target, initiated.Reason, identity: string.Empty, initiatedEventId, source.Execution);
            engine.WorkflowTasks.Record(source, new HistoryEvent
            {
                EventType = EventType.ExternalWorkflowExecutionCancelRequested,
                ExternalWorkflowExecutionCancelRequestedEventAttributes = new()
                {
                    InitiatedEventId = initiatedEventId,
                    Namespace = initiated.Namespace,
                    WorkflowExecution = target.Execution,
                },
            });
            return;
        }
        engine.WorkflowTasks.Record(source, new HistoryEvent
        {
            EventType = EventType.RequestCancelExternalWorkflowExecutionFailed,
            RequestCancelExternalWorkflowExecutionFailedEventAttributes = new()
            {
                Cause = CancelExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                WorkflowTaskCompletedEventId = initiated.WorkflowTaskCompletedEventId,
                Namespace = initiated.Namespace,
                WorkflowExecution = initiated.WorkflowExecution,
                InitiatedEventId = initiatedEventId,
            },
        });
    }

    private WorkflowRun RequireOpenRun(string @namespace, WorkflowExecution? execution)
    {
        var run = engine.RequireRun(@namespace, execution?.WorkflowId ?? string.Empty, execution?.RunId);
        return run.IsOpen ? run : throw RpcErrors.WorkflowClosed();
    }
}
