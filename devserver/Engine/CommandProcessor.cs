using HelperPlatform.DevServer.Executions;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Protocol.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// Turns the commands of a completed workflow task into history events, in command order. Work that touches
/// other runs (starting children, signalling or cancelling external workflows) is returned as effects to run
/// once the task's own events are all written.
/// </summary>
internal sealed class CommandProcessor(DevServerEngine engine)
{
    /// <summary>
    /// Applies the commands; call under the gate. Returns the effects on other runs, in order, and whether the
    /// workflow needs a new task to see what the commands wrote.
    /// </summary>
    public AppliedCommands Apply(
        WorkflowRun run, long completedEventId, IEnumerable<Command> commands, IEnumerable<Message> messages, CompletingWorker worker)
    {
        var commandList = commands.ToList();
        var unpositionedMessages = messages.ToDictionary(message => message.Id);
        var applied = new AppliedCommands();
        foreach (var command in commandList)
        {
            if (!run.IsOpen)
            {
                break;
            }
            if (command.CommandType == CommandType.ProtocolMessage
                && unpositionedMessages.Remove(command.ProtocolMessageCommandAttributes.MessageId, out var message))
            {
                engine.Updates.ApplyWorkerMessage(run, message);
                continue;
            }
            ApplyCommand(run, completedEventId, command, applied, worker);
        }
        foreach (var message in unpositionedMessages.Values)
        {
            engine.Updates.ApplyWorkerMessage(run, message);
        }
        return applied;
    }

    private void ApplyCommand(WorkflowRun run, long completedEventId, Command command, AppliedCommands applied, CompletingWorker worker)
    {
        var effects = applied.Effects;
        switch (command.CommandType)
        {
            case CommandType.ScheduleActivityTask:
                engine.Activities.Schedule(run, command.ScheduleActivityTaskCommandAttributes, completedEventId, worker);
                break;
            case CommandType.RequestCancelActivityTask:
                // An activity no worker had started is cancelled at once, and as on a real server the workflow
                // gets a new task to learn of it: an SDK waiting for the cancellation to complete would hang otherwise.
                if (engine.Activities.RequestCancel(run, command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId, completedEventId))
                {
                    applied.NeedsWorkflowTask = true;
                }
                break;
            case CommandType.StartTimer:
                StartTimer(run, command.StartTimerCommandAttributes, completedEventId);
                break;
            case CommandType.CancelTimer:
                CancelTimer(run, command.CancelTimerCommandAttributes.TimerId, completedEventId);
                break;
            case CommandType.CompleteWorkflowExecution:
                engine.Lifecycle.Complete(run, command.CompleteWorkflowExecutionCommandAttributes.Result, completedEventId);
                break;
            case CommandType.FailWorkflowExecution:
                engine.Lifecycle.Fail(run, command.FailWorkflowExecutionCommandAttributes.Failure, completedEventId);
                break;
            case CommandType.CancelWorkflowExecution:
                engine.Lifecycle.Cancel(run, command.CancelWorkflowExecutionCommandAttributes.Details, completedEventId);
                break;
            case CommandType.ContinueAsNewWorkflowExecution:
                engine.Lifecycle.ContinueAsNew(run, command.ContinueAsNewWorkflowExecutionCommandAttributes, completedEventId);
                break;
            case CommandType.RecordMarker:
                RecordMarker(run, command.RecordMarkerCommandAttributes, completedEventId);
                break;
            case CommandType.StartChildWorkflowExecution:
                effects.Add(InitiateChild(run, command.StartChildWorkflowExecutionCommandAttributes, completedEventId));
                break;
            case CommandType.SignalExternalWorkflowExecution:
                effects.Add(InitiateExternalSignal(run, command.SignalExternalWorkflowExecutionCommandAttributes, completedEventId));
                break;
            case CommandType.RequestCancelExternalWorkflowExecution:
                effects.Add(InitiateExternalCancel(run, command.RequestCancelExternalWorkflowExecutionCommandAttributes, completedEventId));
                break;
            case CommandType.UpsertWorkflowSearchAttributes:
                UpsertSearchAttributes(run, command.UpsertWorkflowSearchAttributesCommandAttributes, completedEventId);
                break;
            case CommandType.ModifyWorkflowProperties:
                ModifyProperties(run, command.ModifyWorkflowPropertiesCommandAttributes, completedEventId);
                break;
            default:
                throw new InvalidOperationException($"Command {command.CommandType} passed validation but has no handler.");
        }
    }

    /// <summary>
    /// The first reason to refuse a completion, or null. Checked before anything is written, so a refused
    /// completion leaves the run exactly as it was apart from the failed task. Call under the gate.
    /// </summary>
    public static CommandRejection? FindRejection(WorkflowRun run, IEnumerable<Command> commands, IEnumerable<Message> messages)
    {
        var messageIds = messages.Select(message => message.Id).ToHashSet();
        var pendingIds = new PendingIds(run);
        foreach (var command in commands)
        {
            // Attributes first, as on a real server: a malformed command is refused for that, not for its id.
            if ((Reject(command, messageIds) ?? pendingIds.Follow(command)) is { } rejection)
            {
                return rejection;
            }
        }
        return null;
    }

    private static CommandRejection? Reject(Command command, HashSet<string> messageIds) => command.CommandType switch
    {
        CommandType.ScheduleActivityTask when ActivityTimeouts.Problem(command.ScheduleActivityTaskCommandAttributes) is { } problem =>
            new(WorkflowTaskFailedCause.BadScheduleActivityAttributes, problem),
        CommandType.StartTimer when string.IsNullOrEmpty(command.StartTimerCommandAttributes.TimerId) =>
            new(WorkflowTaskFailedCause.BadStartTimerAttributes, "TimerId is not set on StartTimerCommand."),
        CommandType.StartTimer when command.StartTimerCommandAttributes.StartToFireTimeout is null =>
            new(WorkflowTaskFailedCause.BadStartTimerAttributes, "StartTimer needs a StartToFireTimeout."),
        // Only a negative duration, as on a real server: a zero one is accepted and the timer fires at once.
        CommandType.StartTimer when command.StartTimerCommandAttributes.StartToFireTimeout.ToTimeSpan() < TimeSpan.Zero =>
            new(
                WorkflowTaskFailedCause.BadStartTimerAttributes,
                $"StartToFireTimeout of timer '{command.StartTimerCommandAttributes.TimerId}' is negative."),
        CommandType.CancelTimer when string.IsNullOrEmpty(command.CancelTimerCommandAttributes.TimerId) =>
            new(WorkflowTaskFailedCause.BadCancelTimerAttributes, "TimerId is not set on CancelTimerCommand."),
        CommandType.StartChildWorkflowExecution when string.IsNullOrEmpty(command.StartChildWorkflowExecutionCommandAttributes.WorkflowId) =>
            new(WorkflowTaskFailedCause.BadStartChildExecutionAttributes, "StartChildWorkflowExecution needs a WorkflowId."),
        CommandType.ProtocolMessage when !messageIds.Contains(command.ProtocolMessageCommandAttributes.MessageId) =>
            new(
                WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage,
                $"ProtocolMessage command names message '{command.ProtocolMessageCommandAttributes.MessageId}', which the completion does not carry."),
        CommandType.ScheduleNexusOperation or CommandType.RequestCancelNexusOperation or CommandType.Unspecified =>
            new(WorkflowTaskFailedCause.Unspecified, $"Command {command.CommandType} is not supported by the dev server."),
        _ => null,
    };

    private void StartTimer(WorkflowRun run, StartTimerCommandAttributes attributes, long completedEventId)
    {
        var startedEventId = run.Append(
            new HistoryEvent
            {
                EventType = EventType.TimerStarted,
                TimerStartedEventAttributes = new()
                {
                    TimerId = attributes.TimerId,
                    StartToFireTimeout = attributes.StartToFireTimeout,
                    WorkflowTaskCompletedEventId = completedEventId,
                },
            },
            engine.Now);
        var deadline = engine.Timers.ScheduleAfter(
            attributes.StartToFireTimeout.ToTimeSpan(), () => FireTimer(run, attributes.TimerId, startedEventId));
        run.Timers.Add(attributes.TimerId, new UserTimer(attributes.TimerId, startedEventId, deadline));
    }

    /// <summary>Arms again a user timer a durable server rebuilt from history; a late one fires at once. Call under the gate.</summary>
    public void ResumeTimer(WorkflowRun run, string timerId, long startedEventId, DateTimeOffset due)
    {
        var deadline = engine.Timers.ScheduleAt(due, () => FireTimer(run, timerId, startedEventId));
        run.Timers.Add(timerId, new UserTimer(timerId, startedEventId, deadline));
    }

    private void FireTimer(WorkflowRun run, string timerId, long startedEventId)
    {
        // The fire is written only if no CancelTimer command got there first while it was held for a task.
        engine.WorkflowTasks.Record(run, new HeldEvents(
            _ => run.Timers.ContainsKey(timerId)
                ? [new HistoryEvent
                {
                    EventType = EventType.TimerFired,
                    TimerFiredEventAttributes = new() { TimerId = timerId, StartedEventId = startedEventId },
                }]
                : [],
            _ => run.Timers.Remove(timerId)));
        engine.NotifyProgress();
    }

    private void CancelTimer(WorkflowRun run, string timerId, long completedEventId)
    {
        if (!run.Timers.Remove(timerId, out var timer))
        {
            throw new InvalidOperationException($"CancelTimer for timer '{timerId}', which is not pending, passed validation.");
        }
        timer.Deadline.Cancel();
        run.Append(
            new HistoryEvent
            {
                EventType = EventType.TimerCanceled,
                TimerCanceledEventAttributes = new()
                {
                    TimerId = timerId,
                    StartedEventId = timer.StartedEventId,
                    WorkflowTaskCompletedEventId = completedEventId,
                },
            },
            engine.Now);
    }

    private void RecordMarker(WorkflowRun run, RecordMarkerCommandAttributes attributes, long completedEventId)
    {
        var marker = new MarkerRecordedEventAttributes
        {
            MarkerName = attributes.MarkerName,
            WorkflowTaskCompletedEventId = completedEventId,
            Header = attributes.Header,
            Failure = attributes.Failure,
        };
        marker.Details.Add(attributes.Details);
        run.Append(new HistoryEvent { EventType = EventType.MarkerRecorded, MarkerRecordedEventAttributes = marker }, engine.Now);
    }

    private Action InitiateChild(WorkflowRun run, StartChildWorkflowExecutionCommandAttributes attributes, long completedEventId)
    {
        var childNamespace = run.Namespace;
        var initiated = new StartChildWorkflowExecutionInitiatedEventAttributes
        {
            Namespace = childNamespace,
            WorkflowId = attributes.WorkflowId,
            WorkflowType = attributes.WorkflowType,
            TaskQueue = string.IsNullOrEmpty(attributes.TaskQueue?.Name) ? run.Started.TaskQueue : attributes.TaskQueue,
            Input = attributes.Input,
            WorkflowExecutionTimeout = attributes.WorkflowExecutionTimeout,
            WorkflowRunTimeout = attributes.WorkflowRunTimeout,
            WorkflowTaskTimeout = attributes.WorkflowTaskTimeout,
            ParentClosePolicy = attributes.ParentClosePolicy,
            WorkflowTaskCompletedEventId = completedEventId,
            WorkflowIdReusePolicy = attributes.WorkflowIdReusePolicy,
            RetryPolicy = attributes.RetryPolicy,
            CronSchedule = attributes.CronSchedule,
            Header = attributes.Header,
            Memo = attributes.Memo,
            SearchAttributes = attributes.SearchAttributes,
        };
        var initiatedEventId = run.Append(
            new HistoryEvent { EventType = EventType.StartChildWorkflowExecutionInitiated, StartChildWorkflowExecutionInitiatedEventAttributes = initiated },
            engine.Now);
        var policy = attributes.ParentClosePolicy == ParentClosePolicy.Unspecified ? ParentClosePolicy.Terminate : attributes.ParentClosePolicy;
        var child = new ChildWorkflow(initiatedEventId, childNamespace, attributes.WorkflowId, attributes.WorkflowType, policy);
        run.Children.Add(initiatedEventId, child);
        return () => engine.Starter.StartChild(run, child, initiated);
    }

    private Action InitiateExternalSignal(WorkflowRun run, SignalExternalWorkflowExecutionCommandAttributes attributes, long completedEventId)
    {
        var initiated = new SignalExternalWorkflowExecutionInitiatedEventAttributes
        {
            WorkflowTaskCompletedEventId = completedEventId,
            Namespace = run.Namespace,
            WorkflowExecution = attributes.Execution,
            SignalName = attributes.SignalName,
            Input = attributes.Input,
            ChildWorkflowOnly = attributes.ChildWorkflowOnly,
            Header = attributes.Header,
        };
        var initiatedEventId = run.Append(
            new HistoryEvent { EventType = EventType.SignalExternalWorkflowExecutionInitiated, SignalExternalWorkflowExecutionInitiatedEventAttributes = initiated },
            engine.Now);
        return () => engine.Control.SignalExternal(run, initiatedEventId, initiated);
    }

    private Action InitiateExternalCancel(
        WorkflowRun run, RequestCancelExternalWorkflowExecutionCommandAttributes attributes, long completedEventId)
    {
        var initiated = new RequestCancelExternalWorkflowExecutionInitiatedEventAttributes
        {
            WorkflowTaskCompletedEventId = completedEventId,
            Namespace = run.Namespace,
            WorkflowExecution = new() { WorkflowId = attributes.WorkflowId, RunId = attributes.RunId },
            ChildWorkflowOnly = attributes.ChildWorkflowOnly,
            Reason = attributes.Reason,
        };
        var initiatedEventId = run.Append(
            new HistoryEvent
            {
                EventType = EventType.RequestCancelExternalWorkflowExecutionInitiated,
                RequestCancelExternalWorkflowExecutionInitiatedEventAttributes = initiated,
            },
            engine.Now);
        return () => engine.Control.CancelExternal(run, initiatedEventId, initiated);
    }

    private void UpsertSearchAttributes(WorkflowRun run, UpsertWorkflowSearchAttributesCommandAttributes attributes, long completedEventId)
    {
        run.SearchAttributes ??= new();
        foreach (var (name, value) in attributes.SearchAttributes?.IndexedFields ?? [])
        {
            run.SearchAttributes.IndexedFields[name] = value;
        }
        run.Append(
            new HistoryEvent
            {
                EventType = EventType.UpsertWorkflowSearchAttributes,
                UpsertWorkflowSearchAttributesEventAttributes = new()
                {
                    WorkflowTaskCompletedEventId = completedEventId,
                    SearchAttributes = attributes.SearchAttributes,
                },
            },
            engine.Now);
    }

    private void ModifyProperties(WorkflowRun run, ModifyWorkflowPropertiesCommandAttributes attributes, long completedEventId)
    {
        run.Memo ??= new();
        foreach (var (name, value) in attributes.UpsertedMemo?.Fields ?? [])
        {
            run.Memo.Fields[name] = value;
        }
        run.Append(
            new HistoryEvent
            {
                EventType = EventType.WorkflowPropertiesModified,
                WorkflowPropertiesModifiedEventAttributes = new()
                {
                    WorkflowTaskCompletedEventId = completedEventId,
                    UpsertedMemo = attributes.UpsertedMemo,
                },
            },
            engine.Now);
    }
}

/// <summary>
/// The run's pending timer and activity ids as the completion's commands would leave them, command by command, so
/// a StartTimer or ScheduleActivityTask reusing one is refused before anything is written. A real server refuses
/// those too (START_TIMER_DUPLICATE_ID, SCHEDULE_ACTIVITY_DUPLICATE_ID), and only pending ids count: a CancelTimer
/// frees its id, and so does cancelling an activity no worker has started, because applying those commands removes
/// the timer or the activity at once. A CancelTimer naming no pending timer (never started, fired before the task
/// started, or cancelled by an earlier command) is refused with BAD_CANCEL_TIMER_ATTRIBUTES, as a real server does.
/// </summary>
file sealed class PendingIds(WorkflowRun run)
{
    private readonly HashSet<string> timerIds = run.Timers.Keys.ToHashSet();

    /// <summary>Pending activity ids and their scheduled event ids; 0 for one this completion schedules.</summary>
    private readonly Dictionary<string, long> activities =
        run.Activities.Values.ToDictionary(activity => activity.ActivityId, activity => activity.ScheduledEventId);

    public CommandRejection? Follow(Command command)
    {
        switch (command.CommandType)
        {
            case CommandType.StartTimer when !timerIds.Add(command.StartTimerCommandAttributes.TimerId):
                return new(
                    WorkflowTaskFailedCause.StartTimerDuplicateId,
                    $"Timer '{command.StartTimerCommandAttributes.TimerId}' is already pending.");
            case CommandType.CancelTimer when !timerIds.Remove(command.CancelTimerCommandAttributes.TimerId):
                return new(
                    WorkflowTaskFailedCause.BadCancelTimerAttributes,
                    $"Timer '{command.CancelTimerCommandAttributes.TimerId}' is not pending.");
            case CommandType.ScheduleActivityTask when !activities.TryAdd(command.ScheduleActivityTaskCommandAttributes.ActivityId, 0):
                return new(
                    WorkflowTaskFailedCause.ScheduleActivityDuplicateId,
                    $"Activity '{command.ScheduleActivityTaskCommandAttributes.ActivityId}' is already pending.");
            case CommandType.RequestCancelActivityTask:
                ForgetIfCancelledAtOnce(command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId);
                return null;
            default:
                return null;
        }
    }

    private void ForgetIfCancelledAtOnce(long scheduledEventId)
    {
        // Matched by scheduled event id: after its id was freed and taken again in this completion, a second
        // cancel of the old activity must not free the new one's id.
        if (run.Activities.TryGetValue(scheduledEventId, out var activity)
            && activity.StartedTime is null
            && activities.TryGetValue(activity.ActivityId, out var pendingScheduledEventId)
            && pendingScheduledEventId == scheduledEventId)
        {
            activities.Remove(activity.ActivityId);
        }
    }
}

/// <summary>What applying a completion's commands left to do once its own events are written.</summary>
internal sealed class AppliedCommands
{
    /// <summary>The work on other runs (children, external signals and cancels), in command order.</summary>
    public List<Action> Effects { get; } = [];

    /// <summary>True when the commands wrote an outcome the workflow has not seen, so it needs a new task.</summary>
    public bool NeedsWorkflowTask { get; set; }
}

/// <summary>Why a workflow task completion is refused: the cause recorded in history and the caller's message.</summary>
internal sealed record CommandRejection(WorkflowTaskFailedCause Cause, string Message);
