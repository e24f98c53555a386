using Temporalio.Activities;
using Temporalio.Common;
using Temporalio.Workflows;

namespace HelperPlatform.DevServer.Tests.Durable;

[Workflow]
public sealed class SleepWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(TimeSpan sleep)
    {
        await Workflow.DelayAsync(sleep);
        return "woke";
    }
}

[Workflow]
public sealed class RetriedActivityWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync() => Workflow.ExecuteActivityAsync(
        (CrashActivities activities) => activities.WorkAcrossCrashAsync(),
        new()
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(3),
            RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100), MaximumAttempts = 5 },
        });
}

/// <summary>An activity whose first attempt reports progress and then hangs, as if its worker went with the server.</summary>
public sealed class CrashActivities
{
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Activity]
    public async Task<string> WorkAcrossCrashAsync()
    {
        var context = ActivityExecutionContext.Current;
        if (context.Info.Attempt == 1)
        {
            context.Heartbeat("halfway");
            // Deaf to cancellation, like a worker cut off from its server; the test lets it end so the worker can stop.
            await released.Task;
            return "the first attempt outlived its server";
        }
        var progress = context.Info.HeartbeatDetails.Count > 0 ? await context.Info.HeartbeatDetailAtAsync<string>(0) : "nothing";
        return $"attempt {context.Info.Attempt} went on from {progress}";
    }

    /// <summary>Lets the hanging first attempt end, so its worker can shut down.</summary>
    public void Release() => released.TrySetResult();
}

[Workflow]
public sealed class SignalAndUpdateWorkflow
{
    private string? note;
    private string? finish;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => note is not null && finish is not null);
        return $"{note} / {finish}";
    }

    [WorkflowSignal]
    public Task FinishAsync(string value)
    {
        finish = value;
        return Task.CompletedTask;
    }

    [WorkflowUpdate]
    public Task<string> SetNoteAsync(string value)
    {
        note = value;
        return Task.FromResult($"noted {value}");
    }
}

[Workflow]
public sealed class EchoWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string value) => Task.FromResult(value);
}

[Workflow]
public sealed class MemoWorkflow
{
    /// <summary>Overwrites the memo key it started with twice, then sleeps.</summary>
    [WorkflowRun]
    public async Task<string> RunAsync(TimeSpan sleep)
    {
        Workflow.UpsertMemo(MemoUpdate.ValueSet("note", "first"));
        Workflow.UpsertMemo(MemoUpdate.ValueSet("note", "second"));
        await Workflow.DelayAsync(sleep);
        return "woke";
    }
}
