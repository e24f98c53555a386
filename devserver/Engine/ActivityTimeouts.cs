using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.History.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// Fills in an activity's timeouts and retry policy the way the Temporal server does, so the scheduled event
/// and the activity task carry the values that actually apply.
/// </summary>
internal static class ActivityTimeouts
{
    /// <summary>Why the command cannot be scheduled, or null when it can.</summary>
    public static string? Problem(ScheduleActivityTaskCommandAttributes command) =>
        string.IsNullOrEmpty(command.ActivityId) || string.IsNullOrEmpty(command.ActivityType?.Name)
            ? "ScheduleActivityTask needs an ActivityId and an ActivityType."
            : IsUnset(command.StartToCloseTimeout) && IsUnset(command.ScheduleToCloseTimeout)
                ? "ScheduleActivityTask needs a StartToClose or a ScheduleToClose timeout."
                : null;

    public static ActivityTaskScheduledEventAttributes Normalize(
        ScheduleActivityTaskCommandAttributes command, Duration? workflowRunTimeout, TaskQueue workflowTaskQueue, long completedEventId)
    {
        var scheduleToClose = !IsUnset(command.ScheduleToCloseTimeout) ? command.ScheduleToCloseTimeout.ToTimeSpan()
            : !IsUnset(workflowRunTimeout) ? workflowRunTimeout!.ToTimeSpan()
            : TimeSpan.Zero;
        var startToClose = !IsUnset(command.StartToCloseTimeout) ? command.StartToCloseTimeout.ToTimeSpan() : scheduleToClose;
        var scheduleToStart = !IsUnset(command.ScheduleToStartTimeout) ? command.ScheduleToStartTimeout.ToTimeSpan() : scheduleToClose;
        if (scheduleToClose > TimeSpan.Zero)
        {
            startToClose = Min(startToClose, scheduleToClose);
            scheduleToStart = scheduleToStart > TimeSpan.Zero ? Min(scheduleToStart, scheduleToClose) : scheduleToClose;
        }
        var heartbeat = IsUnset(command.HeartbeatTimeout) ? TimeSpan.Zero : Min(command.HeartbeatTimeout.ToTimeSpan(), startToClose);

        return new ActivityTaskScheduledEventAttributes
        {
            ActivityId = command.ActivityId,
            ActivityType = command.ActivityType,
            TaskQueue = string.IsNullOrEmpty(command.TaskQueue?.Name) ? workflowTaskQueue : command.TaskQueue,
            Header = command.Header,
            Input = command.Input,
            ScheduleToCloseTimeout = Duration.FromTimeSpan(scheduleToClose),
            ScheduleToStartTimeout = Duration.FromTimeSpan(scheduleToStart),
            StartToCloseTimeout = Duration.FromTimeSpan(startToClose),
            HeartbeatTimeout = Duration.FromTimeSpan(heartbeat),
            WorkflowTaskCompletedEventId = completedEventId,
            RetryPolicy = RetryPolicies.WithActivityDefaults(command.RetryPolicy),
            Priority = command.Priority,
        };
    }

    private static bool IsUnset(Duration? duration) => duration is null || duration.ToTimeSpan() <= TimeSpan.Zero;

    private static TimeSpan Min(TimeSpan first, TimeSpan second) => first < second ? first : second;
}
