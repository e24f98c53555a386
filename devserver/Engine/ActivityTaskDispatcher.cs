using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HelperPlatform.DevServer.Executions;
using HelperPlatform.DevServer.Matching;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// Activities from scheduling to their outcome: dispatch to pollers, heartbeats, retries with backoff, the four
/// timeouts, and cancellation. Attempts before the last stay out of history, as on the real server.
/// </summary>
internal sealed class ActivityTaskDispatcher(DevServerEngine engine)
{
    /// <summary>
    /// Handles a ScheduleActivityTask command. An activity the completing worker asked to run eagerly, on the
    /// workflow's own task queue, starts at once and goes back to that worker, as on a real server with eager
    /// activity execution enabled. Call under the gate.
    /// </summary>
    public void Schedule(WorkflowRun run, ScheduleActivityTaskCommandAttributes command, long completedEventId, CompletingWorker worker)
    {
        var scheduled = ActivityTimeouts.Normalize(command, run.Started.WorkflowRunTimeout, run.Started.TaskQueue, completedEventId);
        var scheduledEventId = run.Append(
            new HistoryEvent { EventType = EventType.ActivityTaskScheduled, ActivityTaskScheduledEventAttributes = scheduled }, engine.Now);
        var activity = new ActivityState(scheduledEventId, scheduled, engine.Now);
        run.Activities.Add(scheduledEventId, activity);
        var scheduleToClose = scheduled.ScheduleToCloseTimeout.ToTimeSpan();
        if (scheduleToClose > TimeSpan.Zero)
        {
            activity.ScheduleToCloseTimer = engine.Timers.ScheduleAfter(
                scheduleToClose, () => TimeOut(run, activity, activity.Attempt, TimeoutType.ScheduleToClose));
        }
        if (command.RequestEagerExecution && scheduled.TaskQueue.Name == run.TaskQueue
            && TryStart(new ActivityQueueItem(run, activity, activity.Attempt), worker.Identity) is { } eagerTask)
        {
            worker.EagerActivityTasks.Add(eagerTask);
            return;
        }
        Enqueue(run, activity);
    }

    /// <summary>
    /// Handles a RequestCancelActivityTask command. Call under the gate. Returns true when the activity was cancelled
    /// at once (no worker had started it), so its ActivityTaskCanceled is already written.
    /// </summary>
    public bool RequestCancel(WorkflowRun run, long scheduledEventId, long completedEventId)
    {
        if (!run.Activities.TryGetValue(scheduledEventId, out var activity))
        {
            return false;
        }
        var cancelRequestedEventId = run.Append(
            new HistoryEvent
            {
                EventType = EventType.ActivityTaskCancelRequested,
                ActivityTaskCancelRequestedEventAttributes = new()
                {
                    ScheduledEventId = scheduledEventId,
                    WorkflowTaskCompletedEventId = completedEventId,
                },
            },
            engine.Now);
        activity.CancelRequestedEventId = cancelRequestedEventId;
        if (activity.StartedTime is null)
        {
            // Nobody works on it: it is cancelled at once. A started one learns of it from its next heartbeat.
            Remove(run, activity);
            run.Append(
                new HistoryEvent
                {
                    EventType = EventType.ActivityTaskCanceled,
                    ActivityTaskCanceledEventAttributes = new()
                    {
                        LatestCancelRequestedEventId = cancelRequestedEventId,
                        ScheduledEventId = scheduledEventId,
                    },
                },
                engine.Now);
            return true;
        }
        return false;
    }

    public async Task<PollActivityTaskQueueResponse> PollAsync(PollActivityTaskQueueRequest request, ServerCallContext context)
    {
        var queueName = request.TaskQueue?.Name;
        if (string.IsNullOrEmpty(queueName))
        {
            throw RpcErrors.InvalidArgument("TaskQueue is not set on request.");
        }
        TaskQueue<ActivityQueueItem> queue;
        lock (engine.Gate)
        {
            queue = engine.Queues.Activity(engine.NamespaceOf(request.Namespace), queueName);
        }
        return await LongPoll.TakeTaskAsync(queue, engine.Gate, request.Identity, context, item => TryStart(item, request.Identity))
            ?? new PollActivityTaskQueueResponse();
    }

    public RecordActivityTaskHeartbeatResponse Heartbeat(ByteString taskToken, Payloads? details)
    {
        lock (engine.Gate)
        {
            var (run, activity) = ResolveStarted(taskToken);
            return RecordHeartbeat(run, activity, details);
        }
    }

    public RecordActivityTaskHeartbeatResponse HeartbeatById(RecordActivityTaskHeartbeatByIdRequest request)
    {
        lock (engine.Gate)
        {
            var (run, activity) = ResolveById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
            return RecordHeartbeat(run, activity, request.Details);
        }
    }

    public void Complete(ByteString taskToken, Payloads? result, string identity)
    {
        lock (engine.Gate)
        {
            var (run, activity) = ResolveStarted(taskToken);
            RecordCompleted(run, activity, result, identity);
        }
    }

    public void CompleteById(RespondActivityTaskCompletedByIdRequest request)
    {
        lock (engine.Gate)
        {
            var (run, activity) = ResolveById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
            RecordCompleted(run, activity, request.Result, request.Identity);
        }
    }

    public void Fail(ByteString taskToken, Failure failure, Payloads? lastHeartbeatDetails, string identity)
    {
        lock (engine.Gate)
        {
            var (run, activity) = ResolveStarted(taskToken);
            RecordFailed(run, activity, failure, lastHeartbeatDetails, identity);
        }
    }

    public void FailById(RespondActivityTaskFailedByIdRequest request)
    {
        lock (engine.Gate)
        {
            var (run, activity) = ResolveById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
            RecordFailed(run, activity, request.Failure, request.LastHeartbeatDetails, request.Identity);
        }
    }

    public void Cancelled(ByteString taskToken, Payloads? details, string identity)
    {
        lock (engine.Gate)
        {
            var (run, activity) = ResolveStarted(taskToken);
            RecordCancelled(run, activity, details, identity);
        }
    }

    public void CancelledById(RespondActivityTaskCanceledByIdRequest request)
    {
        lock (engine.Gate)
        {
            var (run, activity) = ResolveById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
            RecordCancelled(run, activity, request.Details, request.Identity);
        }
    }

    private void Enqueue(WorkflowRun run, ActivityState activity)
    {
        var attempt = activity.Attempt;
        var scheduleToStart = activity.Scheduled.ScheduleToStartTimeout.ToTimeSpan();
        if (scheduleToStart > TimeSpan.Zero)
        {
            activity.AttemptTimers.Add(engine.Timers.ScheduleAfter(
                scheduleToStart, () => TimeOut(run, activity, attempt, TimeoutType.ScheduleToStart)));
        }
        engine.Queues.Activity(run.Namespace, activity.Scheduled.TaskQueue.Name).Add(new ActivityQueueItem(run, activity, attempt));
    }

    private PollActivityTaskQueueResponse? TryStart(ActivityQueueItem item, string identity)
    {
        var (run, activity, attempt) = item;
        if (!IsCurrent(run, activity, attempt) || activity.StartedTime is not null || activity.IsBackingOff)
        {
            return null;
        }
        var now = engine.Now;
        activity.CancelAttemptTimers();
        activity.MarkStarted(now, identity);
        run.MarkChanged();
        var startToClose = activity.Scheduled.StartToCloseTimeout.ToTimeSpan();
        activity.AttemptTimers.Add(engine.Timers.ScheduleAfter(startToClose, () => TimeOut(run, activity, attempt, TimeoutType.StartToClose)));
        ResetHeartbeatTimer(run, activity);
        var scheduled = activity.Scheduled;
        return new PollActivityTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskTokenKind.ActivityTask, run.RunId, activity.ScheduledEventId, attempt).ToByteString(),
            WorkflowNamespace = run.Namespace,
            WorkflowType = run.Started.WorkflowType,
            WorkflowExecution = run.Execution,
            ActivityType = scheduled.ActivityType,
            ActivityId = scheduled.ActivityId,
            Header = scheduled.Header,
            Input = scheduled.Input,
            HeartbeatDetails = activity.HeartbeatDetails,
            ScheduledTime = Timestamp.FromDateTimeOffset(activity.FirstScheduledTime),
            CurrentAttemptScheduledTime = Timestamp.FromDateTimeOffset(activity.CurrentAttemptScheduledTime),
            StartedTime = Timestamp.FromDateTimeOffset(now),
            Attempt = attempt,
            ScheduleToCloseTimeout = scheduled.ScheduleToCloseTimeout,
            StartToCloseTimeout = scheduled.StartToCloseTimeout,
            HeartbeatTimeout = scheduled.HeartbeatTimeout,
            RetryPolicy = scheduled.RetryPolicy,
            Priority = scheduled.Priority,
        };
    }

    private RecordActivityTaskHeartbeatResponse RecordHeartbeat(WorkflowRun run, ActivityState activity, Payloads? details)
    {
        if (details is not null)
        {
            activity.HeartbeatDetails = details;
        }
        activity.LastHeartbeatTime = engine.Now;
        run.MarkChanged();
        ResetHeartbeatTimer(run, activity);
        return new RecordActivityTaskHeartbeatResponse { CancelRequested = activity.IsCancelRequested };
    }

    private void ResetHeartbeatTimer(WorkflowRun run, ActivityState activity)
    {
        var heartbeatTimeout = activity.Scheduled.HeartbeatTimeout.ToTimeSpan();
        if (heartbeatTimeout <= TimeSpan.Zero)
        {
            return;
        }
        var attempt = activity.Attempt;
        activity.HeartbeatTimer?.Cancel();
        activity.HeartbeatTimer = engine.Timers.ScheduleAfter(heartbeatTimeout, () => TimeOut(run, activity, attempt, TimeoutType.Heartbeat));
    }

    private void RecordCompleted(WorkflowRun run, ActivityState activity, Payloads? result, string identity)
    {
        Remove(run, activity);
        RecordOutcome(run, activity, identity, startedEventId => new HistoryEvent
        {
            EventType = EventType.ActivityTaskCompleted,
            ActivityTaskCompletedEventAttributes = new()
            {
                Result = result,
                ScheduledEventId = activity.ScheduledEventId,
                StartedEventId = startedEventId,
                Identity = identity,
            },
        });
    }

    private void RecordFailed(WorkflowRun run, ActivityState activity, Failure failure, Payloads? lastHeartbeatDetails, string identity)
    {
        if (lastHeartbeatDetails is not null)
        {
            activity.HeartbeatDetails = lastHeartbeatDetails;
        }
        var decision = Decide(activity, failure);
        if (decision.ShouldRetry)
        {
            RetryLater(run, activity, failure, decision.Backoff);
            return;
        }
        Remove(run, activity);
        RecordOutcome(run, activity, identity, startedEventId => new HistoryEvent
        {
            EventType = EventType.ActivityTaskFailed,
            ActivityTaskFailedEventAttributes = new()
            {
                Failure = failure,
                ScheduledEventId = activity.ScheduledEventId,
                StartedEventId = startedEventId,
                Identity = identity,
                RetryState = decision.State,
            },
        });
    }

    private void RecordCancelled(WorkflowRun run, ActivityState activity, Payloads? details, string identity)
    {
        Remove(run, activity);
        RecordOutcome(run, activity, identity, startedEventId => new HistoryEvent
        {
            EventType = EventType.ActivityTaskCanceled,
            ActivityTaskCanceledEventAttributes = new()
            {
                Details = details,
                LatestCancelRequestedEventId = activity.CancelRequestedEventId,
                ScheduledEventId = activity.ScheduledEventId,
                StartedEventId = startedEventId,
                Identity = identity,
            },
        });
    }

    private void TimeOut(WorkflowRun run, ActivityState activity, int attempt, TimeoutType timeoutType)
    {
        if (!IsCurrent(run, activity, attempt))
        {
            return;
        }
        var failure = new Failure
        {
            Message = $"activity {timeoutType} timeout",
            TimeoutFailureInfo = new() { TimeoutType = timeoutType, LastHeartbeatDetails = activity.HeartbeatDetails },
        };
        var retryable = timeoutType is TimeoutType.StartToClose or TimeoutType.Heartbeat;
        var decision = retryable ? Decide(activity, failure) : new RetryDecision(RetryState.Timeout, TimeSpan.Zero);
        if (decision.ShouldRetry)
        {
            RetryLater(run, activity, failure, decision.Backoff);
            return;
        }
        if (activity.LastFailure is not null && !retryable)
        {
            failure.Cause = activity.LastFailure;
        }
        Remove(run, activity);
        RecordOutcome(run, activity, activity.StartedIdentity, startedEventId => new HistoryEvent
        {
            EventType = EventType.ActivityTaskTimedOut,
            ActivityTaskTimedOutEventAttributes = new()
            {
                Failure = failure,
                ScheduledEventId = activity.ScheduledEventId,
                StartedEventId = startedEventId,
                RetryState = decision.State,
            },
        });
    }

    private RetryDecision Decide(ActivityState activity, Failure failure)
    {
        var scheduleToClose = activity.Scheduled.ScheduleToCloseTimeout.ToTimeSpan();
        DateTimeOffset? deadline = scheduleToClose > TimeSpan.Zero ? activity.FirstScheduledTime + scheduleToClose : null;
        return RetryPolicies.Decide(activity.Scheduled.RetryPolicy, activity.Attempt, failure, engine.Now, deadline);
    }

    private void RetryLater(WorkflowRun run, ActivityState activity, Failure failure, TimeSpan backoff)
    {
        activity.BeginRetryBackoff(failure, engine.Now, backoff);
        run.MarkChanged();
        ScheduleRetry(run, activity, activity.CurrentAttemptScheduledTime);
        engine.NotifyProgress();
    }

    private void ScheduleRetry(WorkflowRun run, ActivityState activity, DateTimeOffset due)
    {
        var attempt = activity.Attempt;
        activity.AttemptTimers.Add(engine.Timers.ScheduleAt(due, () =>
        {
            if (IsCurrent(run, activity, attempt))
            {
                activity.EndRetryBackoff(engine.Now);
                run.MarkChanged();
                Enqueue(run, activity);
            }
        }));
    }

    /// <summary>
    /// Arms again the deadlines of an activity a durable server rebuilt from its store: a started attempt keeps its
    /// start-to-close and heartbeat deadlines (its worker may still complete it), a backing-off one its retry time,
    /// and one that waited for a worker goes back in its queue. Deadlines already past fire at once. Call under the gate.
    /// </summary>
    public void Resume(WorkflowRun run, ActivityState activity)
    {
        var attempt = activity.Attempt;
        var scheduled = activity.Scheduled;
        var scheduleToClose = scheduled.ScheduleToCloseTimeout.ToTimeSpan();
        if (scheduleToClose > TimeSpan.Zero)
        {
            activity.ScheduleToCloseTimer = engine.Timers.ScheduleAt(
                activity.FirstScheduledTime + scheduleToClose, () => TimeOut(run, activity, activity.Attempt, TimeoutType.ScheduleToClose));
        }
        if (activity.IsBackingOff)
        {
            ScheduleRetry(run, activity, activity.CurrentAttemptScheduledTime);
            return;
        }
        if (activity.StartedTime is not { } startedTime)
        {
            Enqueue(run, activity);
            return;
        }
        activity.AttemptTimers.Add(engine.Timers.ScheduleAt(
            startedTime + scheduled.StartToCloseTimeout.ToTimeSpan(), () => TimeOut(run, activity, attempt, TimeoutType.StartToClose)));
        var heartbeatTimeout = scheduled.HeartbeatTimeout.ToTimeSpan();
        if (heartbeatTimeout > TimeSpan.Zero)
        {
            activity.HeartbeatTimer = engine.Timers.ScheduleAt(
                (activity.LastHeartbeatTime ?? startedTime) + heartbeatTimeout, () => TimeOut(run, activity, attempt, TimeoutType.Heartbeat));
        }
    }

    /// <summary>
    /// Writes the final attempt's ActivityTaskStarted (if it started) and then the outcome event, which needs the
    /// started event's id; both are held together while a workflow task is out.
    /// </summary>
    private void RecordOutcome(WorkflowRun run, ActivityState activity, string identity, Func<long, HistoryEvent> outcome)
    {
        var requestId = Guid.NewGuid().ToString();
        engine.WorkflowTasks.Record(run, new HeldEvents(firstEventId =>
        {
            if (activity.StartedTime is null)
            {
                return [outcome(0)];
            }
            var started = new HistoryEvent
            {
                EventType = EventType.ActivityTaskStarted,
                ActivityTaskStartedEventAttributes = new()
                {
                    ScheduledEventId = activity.ScheduledEventId,
                    Identity = identity,
                    RequestId = requestId,
                    Attempt = activity.Attempt,
                    LastFailure = activity.LastFailure,
                },
            };
            return [started, outcome(firstEventId)];
        }));
        engine.NotifyProgress();
    }

    private static void Remove(WorkflowRun run, ActivityState activity)
    {
        activity.CancelAllTimers();
        run.Activities.Remove(activity.ScheduledEventId);
    }

    private static bool IsCurrent(WorkflowRun run, ActivityState activity, int attempt) =>
        run.IsOpen && activity.Attempt == attempt && run.Activities.GetValueOrDefault(activity.ScheduledEventId) == activity;

    private (WorkflowRun Run, ActivityState Activity) ResolveStarted(ByteString taskToken)
    {
        var token = TaskToken.Parse(taskToken, TaskTokenKind.ActivityTask);
        var run = engine.Store.FindByRunId(token.RunId);
        if (run is null
            || !run.Activities.TryGetValue(token.TaskId, out var activity)
            || !IsCurrent(run, activity, token.Attempt)
            || activity.StartedTime is null)
        {
            throw RpcErrors.NotFound("Activity task not found: it completed, timed out or its workflow closed.");
        }
        return (run, activity);
    }

    private (WorkflowRun Run, ActivityState Activity) ResolveById(string @namespace, string workflowId, string runId, string activityId)
    {
        var run = engine.RequireRun(@namespace, workflowId, runId);
        var activity = run.Activities.Values.FirstOrDefault(candidate => candidate.ActivityId == activityId)
            ?? throw RpcErrors.NotFound($"Activity {activityId} is not pending in workflow {workflowId}.");
        if (activity.StartedTime is null)
        {
            activity.MarkStarted(engine.Now, identity: string.Empty);
            run.MarkChanged();
        }
        return (run, activity);
    }
}
