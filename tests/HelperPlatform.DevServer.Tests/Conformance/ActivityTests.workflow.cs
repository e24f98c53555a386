using Temporalio.Activities;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace HelperPlatform.DevServer.Tests.Conformance;

/// <summary>Activities whose behaviour depends on the attempt, so retries can be observed from outside.</summary>
public sealed class FlakyActivities
{
    public int Attempts { get; private set; }

    public int? HeartbeatSeenOnRetry { get; private set; }

    /// <summary>Fails with a retryable error until the given attempt, then succeeds.</summary>
    [Activity]
    public string SucceedOnAttempt(int succeedingAttempt)
    {
        Attempts++;
        var attempt = ActivityExecutionContext.Current.Info.Attempt;
        return attempt >= succeedingAttempt ? $"done on attempt {attempt}" : throw new ApplicationFailureException($"attempt {attempt} failed", errorType: "Transient");
    }

    [Activity]
    public string FailWith(string errorType)
    {
        Attempts++;
        throw new ApplicationFailureException("it always fails", errorType: errorType);
    }

    /// <summary>Heartbeats its progress, then fails on the first attempt; the retry reads the progress back.</summary>
    [Activity(nameof(ResumeFromHeartbeatAsync))]
    public async Task<int> ResumeFromHeartbeatAsync()
    {
        var context = ActivityExecutionContext.Current;
        if (context.Info.Attempt == 1)
        {
            context.Heartbeat(42);
            throw new ApplicationFailureException("lost the connection", errorType: "Transient");
        }
        HeartbeatSeenOnRetry = await context.Info.HeartbeatDetailAtAsync<int>(0);
        return HeartbeatSeenOnRetry.Value;
    }

    /// <summary>Waits for cancellation without heartbeating after the first beat, to run into a heartbeat timeout.</summary>
    [Activity(nameof(StopHeartbeatingAsync))]
    public async Task<string> StopHeartbeatingAsync()
    {
        var context = ActivityExecutionContext.Current;
        context.Heartbeat("alive");
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
        return "unreachable";
    }

    /// <summary>Runs past its start-to-close timeout on the first attempt only.</summary>
    [Activity(nameof(SlowOnFirstAttemptAsync))]
    public async Task<string> SlowOnFirstAttemptAsync()
    {
        var context = ActivityExecutionContext.Current;
        if (context.Info.Attempt == 1)
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        return $"done on attempt {context.Info.Attempt}";
    }

    /// <summary>Heartbeats until the workflow cancels it, then reports the cancellation.</summary>
    [Activity(nameof(HeartbeatUntilCancelledAsync))]
    public async Task<string> HeartbeatUntilCancelledAsync()
    {
        var context = ActivityExecutionContext.Current;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            context.Heartbeat();
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
        context.CancellationToken.ThrowIfCancellationRequested();
        return "unreachable";
    }
}

/// <summary>Which activity a <see cref="CallActivityWorkflow"/> calls, and with which timeouts and retry limits.</summary>
public sealed record ActivityScenario(
    string Activity,
    object? Argument = null,
    int MaximumAttempts = 0,
    string[]? NonRetryableErrorTypes = null,
    TimeSpan? StartToClose = null,
    TimeSpan? ScheduleToClose = null,
    TimeSpan? ScheduleToStart = null,
    TimeSpan? Heartbeat = null,
    bool OnQueueWithoutWorkers = false,
    TimeSpan? RetryInterval = null);

[Workflow]
public class CallActivityWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(ActivityScenario scenario)
    {
        var options = new ActivityOptions
        {
            StartToCloseTimeout = scenario.StartToClose,
            ScheduleToCloseTimeout = scenario.ScheduleToClose,
            ScheduleToStartTimeout = scenario.ScheduleToStart,
            HeartbeatTimeout = scenario.Heartbeat,
            RetryPolicy = new RetryPolicy
            {
                InitialInterval = scenario.RetryInterval ?? TimeSpan.FromMilliseconds(100),
                BackoffCoefficient = 2,
                MaximumAttempts = scenario.MaximumAttempts,
                NonRetryableErrorTypes = scenario.NonRetryableErrorTypes ?? [],
            },
        };
        if (scenario.OnQueueWithoutWorkers)
        {
            options.TaskQueue = $"no-workers-{Workflow.Info.WorkflowId}";
        }
        object?[] arguments = scenario.Argument is null ? [] : [scenario.Argument];
        return (await Workflow.ExecuteActivityAsync<object>(scenario.Activity, arguments, options))?.ToString() ?? string.Empty;
    }
}

[Workflow]
public class CancelActivityWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        var activity = Workflow.ExecuteActivityAsync(
            (FlakyActivities activities) => activities.HeartbeatUntilCancelledAsync(),
            new()
            {
                StartToCloseTimeout = TimeSpan.FromSeconds(30),
                HeartbeatTimeout = TimeSpan.FromSeconds(1),
                CancellationToken = cancellation.Token,
                CancellationType = ActivityCancellationType.WaitCancellationCompleted,
            });
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(300));
        cancellation.Cancel();
        try
        {
            await activity;
            return "completed";
        }
        catch (ActivityFailureException exception) when (exception.InnerException is CanceledFailureException)
        {
            return "cancelled";
        }
    }
}

/// <summary>Cancels an activity that no worker can start (its queue has none), the way the given cancellation type says.</summary>
[Workflow]
public class CancelUnstartedActivityWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(ActivityCancellationType cancellationType)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        var activity = Workflow.ExecuteActivityAsync<object>(
            "NeverStarted",
            [],
            new()
            {
                TaskQueue = $"no-workers-{Workflow.Info.WorkflowId}",
                StartToCloseTimeout = TimeSpan.FromSeconds(30),
                CancellationToken = cancellation.Token,
                CancellationType = cancellationType,
            });
        // The delay makes the activity's schedule reach the server before its cancellation does.
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(300));
        cancellation.Cancel();
        try
        {
            await activity;
            return "completed";
        }
        catch (ActivityFailureException exception) when (exception.InnerException is CanceledFailureException)
        {
            return "cancelled";
        }
    }
}
