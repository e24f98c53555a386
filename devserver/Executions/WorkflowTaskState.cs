namespace HelperPlatform.DevServer.Executions;

/// <summary>
/// The run's one outstanding workflow task. Its Scheduled and Started events are written together when a worker
/// takes it, so events arriving while it waits in the queue simply land before them.
/// </summary>
internal sealed class WorkflowTaskState(long sequence, int attempt, DateTimeOffset scheduledTime)
{
    /// <summary>Tells this task from earlier ones of the run, so a stale queue entry or token is recognised.</summary>
    public long Sequence { get; } = sequence;

    public int Attempt { get; } = attempt;

    public DateTimeOffset ScheduledTime { get; } = scheduledTime;

    public bool IsStarted => StartedEventId > 0;

    public long ScheduledEventId { get; private set; }

    public long StartedEventId { get; private set; }

    public DateTimeOffset? StartedTime { get; private set; }

    /// <summary>A wall-clock timer: skipping virtual time does not time out a task a worker is working on.</summary>
    public ITimer? StartToCloseTimer { get; set; }

    /// <summary>Moves the task to the normal queue if the sticky worker does not take it in time.</summary>
    public Time.ScheduledTimer? StickyScheduleToStartTimer { get; set; }

    /// <summary>Updates handed to the worker with this task; they are offered again if the task does not complete.</summary>
    public List<WorkflowUpdate> DeliveredUpdates { get; } = [];

    /// <summary>Queries carried in this task, answered in its completion.</summary>
    public List<PendingQuery> CarriedQueries { get; } = [];

    public void MarkStarted(long scheduledEventId, long startedEventId, DateTimeOffset startedTime)
    {
        ScheduledEventId = scheduledEventId;
        StartedEventId = startedEventId;
        StartedTime = startedTime;
    }
}
