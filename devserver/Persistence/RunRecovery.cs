using Google.Protobuf.WellKnownTypes;
using HelperPlatform.DevServer.Engine;
using HelperPlatform.DevServer.Executions;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Update.V1;
using Microsoft.Extensions.Logging;

namespace HelperPlatform.DevServer.Persistence;

/// <summary>
/// Rebuilds the engine's runs from the store on start. Each run's mutable state comes from replaying its history
/// (pending timers, activities and children, accepted and completed updates, search attributes and memo, status);
/// the rest from its stored state (activity attempts and heartbeats, admitted updates, request ids, events held for
/// a workflow task). The open runs then resume: a workflow task that was out is timed out (its worker's token names
/// a task of the server that died), the held events are written, deadlines are armed again (late ones fire at once)
/// and every open run gets a workflow task on its normal queue; sticky queues are not kept.
/// </summary>
internal sealed class RunRecovery(DevServerEngine engine, ILogger logger)
{
    /// <summary>Call under the gate, before the server answers any call.</summary>
    public void Recover(IReadOnlyList<StoredRun> storedRuns)
    {
        var ordered = storedRuns
            .Select(stored => (Stored: stored, Events: stored.HistoryChunks.SelectMany(chunk => History.Parser.ParseFrom(chunk).Events).ToList()))
            .Where(run => run.Events.Count > 0)
            .OrderBy(run => run.Events[0].EventTime.ToDateTimeOffset())
            .ThenBy(run => run.Stored.ClosedAt is null)
            .ToList();
        if (engine.Skipping.Enabled && ordered.Count > 0)
        {
            // Virtual time must not run back behind what the stored histories have already seen.
            engine.Clock.AdvanceTo(ordered.Max(run => run.Events[^1].EventTime.ToDateTimeOffset()));
        }
        var rebuilt = new List<(StoredRun Stored, (WorkflowRun Run, Replay Replay) Rebuilt)>();
        foreach (var (stored, events) in ordered)
        {
            // One run that cannot be read back must not keep every other run from resuming.
            try
            {
                rebuilt.Add((stored, Rebuild(stored, events)));
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or Google.Protobuf.InvalidProtocolBufferException or KeyNotFoundException)
            {
                logger.LogError(exception, "The stored run {RunId} (namespace {Namespace}) could not be rebuilt; it is left out", stored.RunId, stored.Namespace);
            }
        }

        // Retention counts from each close, so the store must see them in the order they happened.
        foreach (var (stored, (run, _)) in rebuilt.Where(run => !run.Rebuilt.Run.IsOpen).OrderBy(run => run.Stored.ClosedAt))
        {
            engine.Store.MarkClosed(run, stored.ClosedAt ?? engine.WallClock.GetUtcNow());
        }
        foreach (var (run, replay) in rebuilt.Select(run => run.Rebuilt).Where(run => run.Run.IsOpen))
        {
            Resume(run, replay);
        }
    }

    private (WorkflowRun Run, Replay Replay) Rebuild(StoredRun stored, List<HistoryEvent> events)
    {
        var first = events[0];
        var started = first.WorkflowExecutionStartedEventAttributes;
        var run = new WorkflowRun(stored.Namespace, stored.RunId, stored.StartRequestId, started, first.EventTime.ToDateTimeOffset())
        {
            Memo = started.Memo?.Clone(),
            SearchAttributes = started.SearchAttributes?.Clone(),
            NextWorkflowTaskSequence = stored.State.NextWorkflowTaskSequence,
            StoredEventCount = events.Count,
        };
        run.SeenRequestIds.UnionWith(stored.State.SeenRequestIds);
        var replay = new Replay(run);
        foreach (var historyEvent in events)
        {
            run.History.Restore(historyEvent);
            replay.Apply(historyEvent);
        }
        // Known to the store only once its history has been read back whole.
        engine.Store.Add(run);
        if (replay.ClosedWith is { } status)
        {
            run.MarkClosed(status, events[^1].EventTime.ToDateTimeOffset());
            UpdateRouter.AbandonAll(run);
            return (run, replay);
        }
        var now = engine.Now;
        if (replay.OutstandingTask is { } outstanding)
        {
            var timedOut = WorkflowTaskDispatcher.TimedOutEvent(outstanding.ScheduledEventId, outstanding.StartedEventId);
            run.Append(timedOut, now);
            replay.Apply(timedOut);
        }
        foreach (var held in stored.State.HeldEvents.Select(HistoryEvent.Parser.ParseFrom))
        {
            run.Append(held, now);
            replay.Apply(held);
        }
        replay.RestoreActivityAttempts(stored.State.Activities);
        foreach (var request in stored.State.AdmittedUpdates.Select(Request.Parser.ParseFrom))
        {
            run.Updates.TryAdd(request.Meta.UpdateId, new WorkflowUpdate(request));
        }
        return (run, replay);
    }

    private void Resume(WorkflowRun run, Replay replay)
    {
        if (!IsUnset(run.Started.WorkflowRunTimeout))
        {
            run.RunTimers.Add(engine.Timers.ScheduleAt(run.StartTime + run.Started.WorkflowRunTimeout.ToTimeSpan(), () => engine.Lifecycle.TimeOut(run)));
        }
        if (run.Started.WorkflowExecutionExpirationTime is { } expiration)
        {
            run.RunTimers.Add(engine.Timers.ScheduleAt(expiration.ToDateTimeOffset(), () => engine.Lifecycle.TimeOut(run)));
        }
        foreach (var (timerId, (startedEventId, due)) in replay.PendingTimers)
        {
            engine.Commands.ResumeTimer(run, timerId, startedEventId, due);
        }
        foreach (var activity in run.Activities.Values)
        {
            engine.Activities.Resume(run, activity);
        }
        if (!replay.HadWorkflowTask && run.ExecutionTime > engine.Now)
        {
            run.RunTimers.Add(engine.Timers.ScheduleAt(run.ExecutionTime, () => engine.WorkflowTasks.Schedule(run)));
            return;
        }
        engine.WorkflowTasks.Schedule(run);
    }

    private static bool IsUnset(Duration? duration) => duration is null || duration.ToTimeSpan() <= TimeSpan.Zero;

    /// <summary>Mutable-state reconstruction: applies history events, in order, to a run being rebuilt.</summary>
    private sealed class Replay(WorkflowRun run)
    {
        public WorkflowExecutionStatus? ClosedWith { get; private set; }

        /// <summary>A workflow task started and neither completed, failed nor timed out: a worker had it when the server stopped.</summary>
        public (long ScheduledEventId, long StartedEventId)? OutstandingTask { get; private set; }

        public bool HadWorkflowTask { get; private set; }

        public Dictionary<string, (long StartedEventId, DateTimeOffset Due)> PendingTimers { get; } = [];

        public void Apply(HistoryEvent historyEvent)
        {
            var time = historyEvent.EventTime.ToDateTimeOffset();
            switch (historyEvent.EventType)
            {
                case EventType.WorkflowTaskStarted:
                    HadWorkflowTask = true;
                    OutstandingTask = (historyEvent.WorkflowTaskStartedEventAttributes.ScheduledEventId, historyEvent.EventId);
                    break;
                case EventType.WorkflowTaskCompleted:
                    OutstandingTask = null;
                    run.WorkflowTaskAttempt = 1;
                    run.LastCompletedTaskStartedEventId = historyEvent.WorkflowTaskCompletedEventAttributes.StartedEventId;
                    break;
                case EventType.WorkflowTaskFailed or EventType.WorkflowTaskTimedOut:
                    OutstandingTask = null;
                    run.WorkflowTaskAttempt++;
                    break;
                case EventType.ActivityTaskScheduled:
                    run.Activities.Add(historyEvent.EventId, new ActivityState(historyEvent.EventId, historyEvent.ActivityTaskScheduledEventAttributes, time));
                    break;
                case EventType.ActivityTaskCancelRequested:
                    var cancelled = historyEvent.ActivityTaskCancelRequestedEventAttributes.ScheduledEventId;
                    if (run.Activities.TryGetValue(cancelled, out var activity))
                    {
                        activity.CancelRequestedEventId = historyEvent.EventId;
                    }
                    break;
                case EventType.ActivityTaskCompleted:
                    run.Activities.Remove(historyEvent.ActivityTaskCompletedEventAttributes.ScheduledEventId);
                    break;
                case EventType.ActivityTaskFailed:
                    run.Activities.Remove(historyEvent.ActivityTaskFailedEventAttributes.ScheduledEventId);
                    break;
                case EventType.ActivityTaskTimedOut:
                    run.Activities.Remove(historyEvent.ActivityTaskTimedOutEventAttributes.ScheduledEventId);
                    break;
                case EventType.ActivityTaskCanceled:
                    run.Activities.Remove(historyEvent.ActivityTaskCanceledEventAttributes.ScheduledEventId);
                    break;
                case EventType.TimerStarted:
                    var timer = historyEvent.TimerStartedEventAttributes;
                    PendingTimers[timer.TimerId] = (historyEvent.EventId, time + timer.StartToFireTimeout.ToTimeSpan());
                    break;
                case EventType.TimerFired:
                    PendingTimers.Remove(historyEvent.TimerFiredEventAttributes.TimerId);
                    break;
                case EventType.TimerCanceled:
                    PendingTimers.Remove(historyEvent.TimerCanceledEventAttributes.TimerId);
                    break;
                case EventType.StartChildWorkflowExecutionInitiated:
                    var initiated = historyEvent.StartChildWorkflowExecutionInitiatedEventAttributes;
                    run.Children.Add(historyEvent.EventId, new ChildWorkflow(
                        historyEvent.EventId,
                        string.IsNullOrEmpty(initiated.Namespace) ? run.Namespace : initiated.Namespace,
                        initiated.WorkflowId,
                        initiated.WorkflowType,
                        initiated.ParentClosePolicy == ParentClosePolicy.Unspecified ? ParentClosePolicy.Terminate : initiated.ParentClosePolicy));
                    break;
                case EventType.StartChildWorkflowExecutionFailed:
                    run.Children.Remove(historyEvent.StartChildWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                    break;
                case EventType.ChildWorkflowExecutionStarted:
                    var childStarted = historyEvent.ChildWorkflowExecutionStartedEventAttributes;
                    if (run.Children.TryGetValue(childStarted.InitiatedEventId, out var child))
                    {
                        child.RunId = childStarted.WorkflowExecution.RunId;
                        child.StartedEventId = historyEvent.EventId;
                    }
                    break;
                case EventType.ChildWorkflowExecutionCompleted:
                    run.Children.Remove(historyEvent.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId);
                    break;
                case EventType.ChildWorkflowExecutionFailed:
                    run.Children.Remove(historyEvent.ChildWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                    break;
                case EventType.ChildWorkflowExecutionCanceled:
                    run.Children.Remove(historyEvent.ChildWorkflowExecutionCanceledEventAttributes.InitiatedEventId);
                    break;
                case EventType.ChildWorkflowExecutionTimedOut:
                    run.Children.Remove(historyEvent.ChildWorkflowExecutionTimedOutEventAttributes.InitiatedEventId);
                    break;
                case EventType.ChildWorkflowExecutionTerminated:
                    run.Children.Remove(historyEvent.ChildWorkflowExecutionTerminatedEventAttributes.InitiatedEventId);
                    break;
                case EventType.WorkflowExecutionCancelRequested:
                    run.IsCancelRequested = true;
                    break;
                case EventType.UpsertWorkflowSearchAttributes:
                    run.SearchAttributes ??= new();
                    // An upsert overwrites a key the run already has, as the engine does when it writes the event.
                    foreach (var (key, value) in historyEvent.UpsertWorkflowSearchAttributesEventAttributes.SearchAttributes?.IndexedFields ?? [])
                    {
                        run.SearchAttributes.IndexedFields[key] = value;
                    }
                    break;
                case EventType.WorkflowPropertiesModified:
                    run.Memo ??= new();
                    foreach (var (key, value) in historyEvent.WorkflowPropertiesModifiedEventAttributes.UpsertedMemo?.Fields ?? [])
                    {
                        run.Memo.Fields[key] = value;
                    }
                    break;
                case EventType.WorkflowExecutionUpdateAccepted:
                    var accepted = historyEvent.WorkflowExecutionUpdateAcceptedEventAttributes;
                    var update = new WorkflowUpdate(accepted.AcceptedRequest);
                    update.Accept(historyEvent.EventId);
                    run.Updates[update.UpdateId] = update;
                    break;
                case EventType.WorkflowExecutionUpdateCompleted:
                    var completed = historyEvent.WorkflowExecutionUpdateCompletedEventAttributes;
                    if (run.Updates.TryGetValue(completed.Meta.UpdateId, out var completedUpdate))
                    {
                        completedUpdate.Complete(completed.Outcome);
                    }
                    break;
                case EventType.WorkflowExecutionCompleted:
                    ClosedWith = WorkflowExecutionStatus.Completed;
                    break;
                case EventType.WorkflowExecutionFailed:
                    ClosedWith = WorkflowExecutionStatus.Failed;
                    break;
                case EventType.WorkflowExecutionCanceled:
                    ClosedWith = WorkflowExecutionStatus.Canceled;
                    break;
                case EventType.WorkflowExecutionTerminated:
                    ClosedWith = WorkflowExecutionStatus.Terminated;
                    break;
                case EventType.WorkflowExecutionTimedOut:
                    ClosedWith = WorkflowExecutionStatus.TimedOut;
                    break;
                case EventType.WorkflowExecutionContinuedAsNew:
                    ClosedWith = WorkflowExecutionStatus.ContinuedAsNew;
                    break;
                default:
                    break;
            }
        }

        /// <summary>Puts back the attempt state of the activities still pending after the replay.</summary>
        public void RestoreActivityAttempts(IEnumerable<StoredActivity> storedActivities)
        {
            foreach (var stored in storedActivities)
            {
                if (!run.Activities.TryGetValue(stored.ScheduledEventId, out var activity))
                {
                    continue;
                }
                activity.Restore(
                    stored.Attempt,
                    stored.CurrentAttemptScheduledTime,
                    stored.LastAttemptCompleteTime,
                    stored.StartedTime,
                    stored.StartedIdentity,
                    stored.IsBackingOff,
                    stored.LastFailure is null ? null : Failure.Parser.ParseFrom(stored.LastFailure));
                activity.HeartbeatDetails = stored.HeartbeatDetails is null ? null : Payloads.Parser.ParseFrom(stored.HeartbeatDetails);
                activity.LastHeartbeatTime = stored.LastHeartbeatTime;
            }
        }
    }
}
