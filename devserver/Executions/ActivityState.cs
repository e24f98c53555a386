using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace HelperPlatform.DevServer.Executions;

/// <summary>
/// A scheduled activity across all its attempts. Retries stay out of history: only the last attempt's
/// ActivityTaskStarted is written, together with the activity's outcome.
/// </summary>
internal sealed class ActivityState(long scheduledEventId, ActivityTaskScheduledEventAttributes scheduled, DateTimeOffset scheduledTime)
{
    public long ScheduledEventId { get; } = scheduledEventId;

    /// <summary>The ActivityTaskScheduled attributes with the server's timeout and retry defaults filled in.</summary>
    public ActivityTaskScheduledEventAttributes Scheduled { get; } = scheduled;

    public string ActivityId => Scheduled.ActivityId;

    public DateTimeOffset FirstScheduledTime { get; } = scheduledTime;

    public int Attempt { get; private set; } = 1;

    /// <summary>When the current attempt was scheduled or, while it backs off, when it will be.</summary>
    public DateTimeOffset CurrentAttemptScheduledTime { get; private set; } = scheduledTime;

    /// <summary>When the last failed attempt ended; null before any attempt failed.</summary>
    public DateTimeOffset? LastAttemptCompleteTime { get; private set; }

    /// <summary>Null while the current attempt waits for a worker (or for its retry backoff).</summary>
    public DateTimeOffset? StartedTime { get; private set; }

    public string StartedIdentity { get; private set; } = string.Empty;

    /// <summary>Whether the current attempt waits out its retry backoff rather than sitting in the task queue.</summary>
    public bool IsBackingOff { get; private set; }

    public Failure? LastFailure { get; private set; }

    public Payloads? HeartbeatDetails { get; set; }

    public DateTimeOffset? LastHeartbeatTime { get; set; }

    /// <summary>The current attempt's heartbeat deadline, moved on by every heartbeat.</summary>
    public Time.ScheduledTimer? HeartbeatTimer { get; set; }

    public long CancelRequestedEventId { get; set; }

    public bool IsCancelRequested => CancelRequestedEventId > 0;

    /// <summary>Deadlines of the current attempt (schedule-to-start, start-to-close, retry backoff).</summary>
    public List<Time.ScheduledTimer> AttemptTimers { get; } = [];

    public Time.ScheduledTimer? ScheduleToCloseTimer { get; set; }

    public void MarkStarted(DateTimeOffset startedTime, string identity)
    {
        StartedTime = startedTime;
        StartedIdentity = identity;
    }

    public void BeginRetryBackoff(Failure failure, DateTimeOffset now, TimeSpan backoff)
    {
        LastFailure = failure;
        LastAttemptCompleteTime = now;
        CurrentAttemptScheduledTime = now + backoff;
        Attempt++;
        StartedTime = null;
        IsBackingOff = true;
        CancelAttemptTimers();
    }

    public void EndRetryBackoff(DateTimeOffset now)
    {
        IsBackingOff = false;
        CurrentAttemptScheduledTime = now;
    }

    /// <summary>Puts back the attempt state a durable server stored, before its deadlines are armed again.</summary>
    public void Restore(
        int attempt, DateTimeOffset currentAttemptScheduledTime, DateTimeOffset? lastAttemptCompleteTime, DateTimeOffset? startedTime,
        string startedIdentity, bool isBackingOff, Failure? lastFailure)
    {
        Attempt = attempt;
        CurrentAttemptScheduledTime = currentAttemptScheduledTime;
        LastAttemptCompleteTime = lastAttemptCompleteTime;
        StartedTime = startedTime;
        StartedIdentity = startedIdentity;
        IsBackingOff = isBackingOff;
        LastFailure = lastFailure;
    }

    public void CancelAttemptTimers()
    {
        foreach (var timer in AttemptTimers)
        {
            timer.Cancel();
        }
        AttemptTimers.Clear();
        HeartbeatTimer?.Cancel();
        HeartbeatTimer = null;
    }

    public void CancelAllTimers()
    {
        CancelAttemptTimers();
        ScheduleToCloseTimer?.Cancel();
    }
}
