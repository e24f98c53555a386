using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace HelperPlatform.DevServer.Executions;

/// <summary>
/// The mutable state of one workflow run: its history and everything still pending in it. Pure state; the engine
/// services decide what happens to it. Every member is used under the engine gate.
/// </summary>
internal sealed class WorkflowRun
{
    private readonly List<HeldEvents> eventsHeldForTask = [];
    private Action<WorkflowRun>? changed;

    public WorkflowRun(
        string @namespace, string runId, string requestId, WorkflowExecutionStartedEventAttributes started, DateTimeOffset startTime)
    {
        Namespace = @namespace;
        RunId = runId;
        StartRequestId = requestId;
        Started = started;
        StartTime = startTime;
        ExecutionTime = startTime + (started.FirstWorkflowTaskBackoff?.ToTimeSpan() ?? TimeSpan.Zero);
        SeenRequestIds.Add(requestId);
    }

    public string Namespace { get; }

    public string WorkflowId => Started.WorkflowId;

    public string RunId { get; }

    public string StartRequestId { get; }

    /// <summary>The run's configuration exactly as its first event records it.</summary>
    public WorkflowExecutionStartedEventAttributes Started { get; }

    public WorkflowExecution Execution => new() { WorkflowId = WorkflowId, RunId = RunId };

    public string WorkflowType => Started.WorkflowType.Name;

    public string TaskQueue => Started.TaskQueue.Name;

    public DateTimeOffset StartTime { get; }

    public DateTimeOffset ExecutionTime { get; }

    public DateTimeOffset? CloseTime { get; private set; }

    public WorkflowExecutionStatus Status { get; private set; } = WorkflowExecutionStatus.Running;

    public bool IsOpen => Status == WorkflowExecutionStatus.Running;

    public HistoryLog History { get; } = new();

    public Memo? Memo { get; set; }

    public SearchAttributes? SearchAttributes { get; set; }

    /// <summary>Request ids of starts, signals and cancels already applied, so client retries change nothing.</summary>
    public HashSet<string> SeenRequestIds { get; } = [];

    public WorkflowTaskState? WorkflowTask { get; set; }

    public long NextWorkflowTaskSequence { get; set; }

    /// <summary>Attempt of the next workflow task: grows while tasks fail or time out, back to 1 after a success.</summary>
    public int WorkflowTaskAttempt { get; set; } = 1;

    /// <summary>The started event id of the last workflow task the worker completed (its replay boundary).</summary>
    public long LastCompletedTaskStartedEventId { get; set; }

    public bool IsCancelRequested { get; set; }

    /// <summary>
    /// The sticky queue of the worker that completed the last task: it has the run cached, so its next task goes
    /// there with only new events. Null after a failure, a timeout or that worker's shutdown.
    /// </summary>
    public string? StickyQueue { get; set; }

    /// <summary>How long a task may wait on the sticky queue before it moves to the normal queue.</summary>
    public TimeSpan StickyScheduleToStartTimeout { get; set; }

    public Dictionary<long, ActivityState> Activities { get; } = [];

    public Dictionary<string, UserTimer> Timers { get; } = [];

    public Dictionary<long, ChildWorkflow> Children { get; } = [];

    public Dictionary<string, WorkflowUpdate> Updates { get; } = [];

    /// <summary>Queries that arrived while a task was out; the next task carries them or legacy tasks answer them.</summary>
    public List<PendingQuery> QueriesAwaitingTask { get; } = [];

    /// <summary>Legacy query tasks a worker has taken for this open run and not answered yet.</summary>
    public HashSet<PendingQuery> LegacyQueriesWithWorker { get; } = [];

    /// <summary>The workflow task entry a poller took while legacy queries were with a worker; queued again once they are answered.</summary>
    public Matching.WorkflowQueueItem? TaskHeldForLegacyQueries { get; set; }

    public List<Time.ScheduledTimer> RunTimers { get; } = [];

    public bool HasEventsHeldForTask => eventsHeldForTask.Count > 0;

    /// <summary>Whether a worker could make progress on this run now: the clock must not skip past it.</summary>
    public bool HasRunnableWork =>
        WorkflowTask is not null
        || QueriesAwaitingTask.Count > 0
        || Activities.Values.Any(activity => !activity.IsBackingOff);

    public IEnumerable<WorkflowUpdate> UpdatesAwaitingWorker =>
        Updates.Values.Where(update => update.Stage == UpdateWorkflowExecutionLifecycleStage.Admitted && update.AbandonedReason is null);

    /// <summary>How many of the run's events the durable store has; 0 on an in-memory server.</summary>
    public long StoredEventCount { get; set; }

    public long Append(HistoryEvent historyEvent, DateTimeOffset time)
    {
        var eventId = History.Append(historyEvent, time);
        MarkChanged();
        return eventId;
    }

    /// <summary>Has <paramref name="onChange"/> told of every change to the run from now on (a durable server writes it).</summary>
    public void ObserveChanges(Action<WorkflowRun> onChange) => changed = onChange;

    /// <summary>Tells the observer of a change outside history (attempts, heartbeats, held events, admitted updates).</summary>
    public void MarkChanged() => changed?.Invoke(this);

    public IReadOnlyList<HeldEvents> EventsHeldForTask => eventsHeldForTask;

    /// <summary>
    /// Keeps events that arrive while a workflow task is out until the task's own completion events are in,
    /// because the worker has not seen them.
    /// </summary>
    public void HoldForTask(HeldEvents events)
    {
        eventsHeldForTask.Add(events);
        MarkChanged();
    }

    public void WriteHeldEvents(DateTimeOffset time)
    {
        var held = eventsHeldForTask.ToArray();
        eventsHeldForTask.Clear();
        foreach (var events in held)
        {
            events.WriteTo(this, time);
        }
    }

    public void MarkClosed(WorkflowExecutionStatus status, DateTimeOffset closeTime)
    {
        Status = status;
        CloseTime = closeTime;
        MarkChanged();
        foreach (var timer in RunTimers)
        {
            timer.Cancel();
        }
        WorkflowTask?.StartToCloseTimer?.Dispose();
        WorkflowTask = null;
        foreach (var activity in Activities.Values)
        {
            activity.CancelAllTimers();
        }
        Activities.Clear();
        foreach (var timer in Timers.Values)
        {
            timer.Deadline.Cancel();
        }
        Timers.Clear();
        History.MarkClosed();
    }
}
