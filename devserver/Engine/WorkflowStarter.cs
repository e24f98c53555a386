using Google.Protobuf.WellKnownTypes;
using HelperPlatform.DevServer.Executions;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// Creating runs: client starts (with id reuse and conflict policies and request-id dedupe), signal-with-start,
/// child workflows and continue-as-new.
/// </summary>
internal sealed class WorkflowStarter(DevServerEngine engine)
{
    private static readonly Duration DefaultWorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10));

    public StartWorkflowExecutionResponse Start(StartWorkflowExecutionRequest request)
    {
        RequireStartFields(request.WorkflowId, request.WorkflowType?.Name, request.TaskQueue?.Name);
        lock (engine.Gate)
        {
            var @namespace = engine.NamespaceOf(request.Namespace);
            var existing = ResolveExisting(
                @namespace, request.WorkflowId, request.RequestId, request.WorkflowIdReusePolicy, request.WorkflowIdConflictPolicy, request.Identity);
            if (existing is not null)
            {
                return new StartWorkflowExecutionResponse { RunId = existing.Run.RunId, Started = existing.StartedByThisRequest, Status = existing.Run.Status };
            }
            var started = new WorkflowExecutionStartedEventAttributes
            {
                WorkflowId = request.WorkflowId,
                WorkflowType = request.WorkflowType,
                TaskQueue = new() { Name = request.TaskQueue!.Name, Kind = TaskQueueKind.Normal },
                Input = request.Input,
                WorkflowExecutionTimeout = request.WorkflowExecutionTimeout,
                WorkflowRunTimeout = request.WorkflowRunTimeout,
                WorkflowTaskTimeout = request.WorkflowTaskTimeout,
                Identity = request.Identity,
                RetryPolicy = request.RetryPolicy,
                CronSchedule = request.CronSchedule,
                Memo = request.Memo,
                SearchAttributes = request.SearchAttributes,
                Header = request.Header,
                FirstWorkflowTaskBackoff = request.WorkflowStartDelay,
                ContinuedFailure = request.ContinuedFailure,
                LastCompletionResult = request.LastCompletionResult,
            };
            var run = StartRun(@namespace, started, RequestIdOrNew(request.RequestId), runId: null, firstEvents: null);
            return new StartWorkflowExecutionResponse { RunId = run.RunId, Started = true, Status = run.Status };
        }
    }

    public SignalWithStartWorkflowExecutionResponse SignalWithStart(SignalWithStartWorkflowExecutionRequest request)
    {
        RequireStartFields(request.WorkflowId, request.WorkflowType?.Name, request.TaskQueue?.Name);
        if (string.IsNullOrEmpty(request.SignalName))
        {
            throw RpcErrors.InvalidArgument("SignalName is not set on request.");
        }
        lock (engine.Gate)
        {
            var @namespace = engine.NamespaceOf(request.Namespace);
            var requestId = RequestIdOrNew(request.RequestId);
            if (engine.Store.FindLatest(@namespace, request.WorkflowId) is { IsOpen: true } running)
            {
                if (running.SeenRequestIds.Add(requestId))
                {
                    engine.Control.SignalRun(running, request.SignalName, request.SignalInput, request.Header, request.Identity, requestId, external: null);
                }
                return new SignalWithStartWorkflowExecutionResponse { RunId = running.RunId, Started = false };
            }
            ResolveExisting(@namespace, request.WorkflowId, requestId, request.WorkflowIdReusePolicy, WorkflowIdConflictPolicy.UseExisting, request.Identity);
            var started = new WorkflowExecutionStartedEventAttributes
            {
                WorkflowId = request.WorkflowId,
                WorkflowType = request.WorkflowType,
                TaskQueue = new() { Name = request.TaskQueue!.Name, Kind = TaskQueueKind.Normal },
                Input = request.Input,
                WorkflowExecutionTimeout = request.WorkflowExecutionTimeout,
                WorkflowRunTimeout = request.WorkflowRunTimeout,
                WorkflowTaskTimeout = request.WorkflowTaskTimeout,
                Identity = request.Identity,
                RetryPolicy = request.RetryPolicy,
                CronSchedule = request.CronSchedule,
                Memo = request.Memo,
                SearchAttributes = request.SearchAttributes,
                Header = request.Header,
                FirstWorkflowTaskBackoff = request.WorkflowStartDelay,
            };
            var run = StartRun(@namespace, started, requestId, runId: null, firstEvents: newRun => newRun.Append(
                new HistoryEvent
                {
                    EventType = EventType.WorkflowExecutionSignaled,
                    WorkflowExecutionSignaledEventAttributes = new()
                    {
                        SignalName = request.SignalName,
                        Input = request.SignalInput,
                        Identity = request.Identity,
                        Header = request.Header,
                        RequestId = requestId,
                    },
                },
                engine.Now));
            return new SignalWithStartWorkflowExecutionResponse { RunId = run.RunId, Started = true };
        }
    }

    /// <summary>Starts a child initiated by its parent's command, or records why it could not. Call under the gate.</summary>
    public void StartChild(WorkflowRun parent, ChildWorkflow child, StartChildWorkflowExecutionInitiatedEventAttributes initiated)
    {
        if (!parent.IsOpen)
        {
            return;
        }
        var latest = engine.Store.FindLatest(child.Namespace, child.WorkflowId);
        if (latest is not null && (latest.IsOpen || !ReuseAllowed(initiated.WorkflowIdReusePolicy, latest.Status)))
        {
            parent.Children.Remove(child.InitiatedEventId);
            engine.WorkflowTasks.Record(parent, new HistoryEvent
            {
                EventType = EventType.StartChildWorkflowExecutionFailed,
                StartChildWorkflowExecutionFailedEventAttributes = new()
                {
                    Namespace = child.Namespace,
                    WorkflowId = child.WorkflowId,
                    WorkflowType = child.WorkflowType,
                    Cause = StartChildWorkflowExecutionFailedCause.WorkflowAlreadyExists,
                    InitiatedEventId = child.InitiatedEventId,
                    WorkflowTaskCompletedEventId = initiated.WorkflowTaskCompletedEventId,
                },
            });
            return;
        }
        var started = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowId = child.WorkflowId,
            WorkflowType = child.WorkflowType,
            TaskQueue = initiated.TaskQueue,
            Input = initiated.Input,
            WorkflowExecutionTimeout = initiated.WorkflowExecutionTimeout,
            WorkflowRunTimeout = initiated.WorkflowRunTimeout,
            WorkflowTaskTimeout = initiated.WorkflowTaskTimeout,
            RetryPolicy = initiated.RetryPolicy,
            CronSchedule = initiated.CronSchedule,
            Memo = initiated.Memo,
            SearchAttributes = initiated.SearchAttributes,
            Header = initiated.Header,
            ParentWorkflowNamespace = parent.Namespace,
            ParentWorkflowExecution = parent.Execution,
            ParentInitiatedEventId = child.InitiatedEventId,
            RootWorkflowExecution = parent.Started.RootWorkflowExecution ?? parent.Execution,
        };
        var childRun = StartRun(child.Namespace, started, Guid.NewGuid().ToString(), runId: null, firstEvents: null);
        child.RunId = childRun.RunId;
        var childStarted = new HistoryEvent
        {
            EventType = EventType.ChildWorkflowExecutionStarted,
            ChildWorkflowExecutionStartedEventAttributes = new()
            {
                Namespace = child.Namespace,
                InitiatedEventId = child.InitiatedEventId,
                WorkflowExecution = childRun.Execution,
                WorkflowType = child.WorkflowType,
                Header = initiated.Header,
            },
        };
        engine.WorkflowTasks.Record(parent, new HeldEvents(_ => [childStarted], startedEventId => child.StartedEventId = startedEventId));
    }

    /// <summary>Starts the run that continues <paramref name="previous"/>. Call under the gate.</summary>
    public void StartContinuation(WorkflowRun previous, ContinueAsNewWorkflowExecutionCommandAttributes attributes, string newRunId)
    {
        var before = previous.Started;
        var started = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowId = previous.WorkflowId,
            WorkflowType = attributes.WorkflowType ?? before.WorkflowType,
            TaskQueue = string.IsNullOrEmpty(attributes.TaskQueue?.Name) ? before.TaskQueue : attributes.TaskQueue,
            Input = attributes.Input,
            WorkflowExecutionTimeout = before.WorkflowExecutionTimeout,
            WorkflowRunTimeout = attributes.WorkflowRunTimeout ?? before.WorkflowRunTimeout,
            WorkflowTaskTimeout = attributes.WorkflowTaskTimeout ?? before.WorkflowTaskTimeout,
            ContinuedExecutionRunId = previous.RunId,
            Initiator = attributes.Initiator,
            ContinuedFailure = attributes.Failure,
            LastCompletionResult = attributes.LastCompletionResult,
            Identity = before.Identity,
            FirstExecutionRunId = before.FirstExecutionRunId,
            RetryPolicy = attributes.RetryPolicy ?? before.RetryPolicy,
            WorkflowExecutionExpirationTime = before.WorkflowExecutionExpirationTime,
            CronSchedule = attributes.CronSchedule,
            FirstWorkflowTaskBackoff = attributes.BackoffStartInterval,
            Memo = attributes.Memo ?? previous.Memo,
            SearchAttributes = attributes.SearchAttributes ?? previous.SearchAttributes,
            Header = attributes.Header,
            ParentWorkflowNamespace = before.ParentWorkflowNamespace,
            ParentWorkflowExecution = before.ParentWorkflowExecution,
            ParentInitiatedEventId = before.ParentInitiatedEventId,
            RootWorkflowExecution = before.RootWorkflowExecution,
        };
        StartRun(previous.Namespace, started, Guid.NewGuid().ToString(), newRunId, firstEvents: null);
    }

    private WorkflowRun StartRun(
        string @namespace, WorkflowExecutionStartedEventAttributes started, string requestId, string? runId, Action<WorkflowRun>? firstEvents)
    {
        var now = engine.Now;
        runId ??= Guid.NewGuid().ToString();
        started.Attempt = Math.Max(started.Attempt, 1);
        started.OriginalExecutionRunId = runId;
        if (string.IsNullOrEmpty(started.FirstExecutionRunId))
        {
            started.FirstExecutionRunId = runId;
        }
        started.RootWorkflowExecution ??= new() { WorkflowId = started.WorkflowId, RunId = runId };
        if (started.WorkflowTaskTimeout is null || started.WorkflowTaskTimeout.ToTimeSpan() <= TimeSpan.Zero)
        {
            started.WorkflowTaskTimeout = DefaultWorkflowTaskTimeout;
        }
        if (IsUnset(started.WorkflowRunTimeout) && !IsUnset(started.WorkflowExecutionTimeout))
        {
            started.WorkflowRunTimeout = started.WorkflowExecutionTimeout;
        }
        if (started.WorkflowExecutionExpirationTime is null && !IsUnset(started.WorkflowExecutionTimeout))
        {
            started.WorkflowExecutionExpirationTime = Timestamp.FromDateTimeOffset(now + started.WorkflowExecutionTimeout.ToTimeSpan());
        }

        var run = new WorkflowRun(@namespace, runId, requestId, started, now) { Memo = started.Memo, SearchAttributes = started.SearchAttributes };
        engine.Store.Add(run);
        run.Append(new HistoryEvent { EventType = EventType.WorkflowExecutionStarted, WorkflowExecutionStartedEventAttributes = started }, now);
        firstEvents?.Invoke(run);

        if (!IsUnset(started.WorkflowRunTimeout))
        {
            run.RunTimers.Add(engine.Timers.ScheduleAfter(started.WorkflowRunTimeout.ToTimeSpan(), () => engine.Lifecycle.TimeOut(run)));
        }
        if (started.WorkflowExecutionExpirationTime is { } expiration)
        {
            run.RunTimers.Add(engine.Timers.ScheduleAt(expiration.ToDateTimeOffset(), () => engine.Lifecycle.TimeOut(run)));
        }
        if (IsUnset(started.FirstWorkflowTaskBackoff))
        {
            engine.WorkflowTasks.Schedule(run);
        }
        else
        {
            run.RunTimers.Add(engine.Timers.ScheduleAfter(started.FirstWorkflowTaskBackoff.ToTimeSpan(), () => engine.WorkflowTasks.Schedule(run)));
        }
        return run;
    }

    /// <summary>
    /// Applies request-id dedupe and the id policies against the newest run of the workflow id. Returns the run
    /// the caller should be answered with, or null when a new run must start; throws when the start is refused.
    /// </summary>
    private ExistingRun? ResolveExisting(
        string @namespace, string workflowId, string requestId, WorkflowIdReusePolicy reusePolicy, WorkflowIdConflictPolicy conflictPolicy, string identity)
    {
        var latest = engine.Store.FindLatest(@namespace, workflowId);
        if (latest is null)
        {
            return null;
        }
        if (!string.IsNullOrEmpty(requestId) && latest.StartRequestId == requestId)
        {
            return new ExistingRun(latest, StartedByThisRequest: true);
        }
        if (latest.IsOpen)
        {
#pragma warning disable CS0612 // Deprecated in favour of the conflict policy, but older clients still send it.
            if (reusePolicy == WorkflowIdReusePolicy.TerminateIfRunning)
#pragma warning restore CS0612
            {
                conflictPolicy = WorkflowIdConflictPolicy.TerminateExisting;
            }
            switch (conflictPolicy)
            {
                case WorkflowIdConflictPolicy.UseExisting:
                    return new ExistingRun(latest, StartedByThisRequest: false);
                case WorkflowIdConflictPolicy.TerminateExisting:
                    engine.Lifecycle.Terminate(latest, "Terminated by a new start of the same workflow id.", details: null, identity);
                    return null;
                default:
                    throw RpcErrors.AlreadyStarted(workflowId, latest.RunId, latest.StartRequestId);
            }
        }
        return ReuseAllowed(reusePolicy, latest.Status)
            ? null
            : throw RpcErrors.AlreadyClosedWithSameId(workflowId, latest.RunId, latest.StartRequestId);
    }

    private static bool ReuseAllowed(WorkflowIdReusePolicy policy, WorkflowExecutionStatus closedStatus) => policy switch
    {
        WorkflowIdReusePolicy.RejectDuplicate => false,
        WorkflowIdReusePolicy.AllowDuplicateFailedOnly => closedStatus
            is WorkflowExecutionStatus.Failed
            or WorkflowExecutionStatus.Canceled
            or WorkflowExecutionStatus.Terminated
            or WorkflowExecutionStatus.TimedOut,
        _ => true,
    };

    private static void RequireStartFields(string workflowId, string? workflowType, string? taskQueue)
    {
        if (string.IsNullOrEmpty(workflowId))
        {
            throw RpcErrors.InvalidArgument("WorkflowId is not set on request.");
        }
        if (string.IsNullOrEmpty(workflowType))
        {
            throw RpcErrors.InvalidArgument("WorkflowType is not set on request.");
        }
        if (string.IsNullOrEmpty(taskQueue))
        {
            throw RpcErrors.InvalidArgument("TaskQueue is not set on request.");
        }
    }

    private static string RequestIdOrNew(string requestId) => string.IsNullOrEmpty(requestId) ? Guid.NewGuid().ToString() : requestId;

    private static bool IsUnset(Duration? duration) => duration is null || duration.ToTimeSpan() <= TimeSpan.Zero;

    private sealed record ExistingRun(WorkflowRun Run, bool StartedByThisRequest);
}
