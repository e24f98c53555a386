using Temporalio.Activities;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace HelperPlatform.DevServer.Tests.Conformance;

/// <summary>Waits for one approval signal and returns who gave it.</summary>
[Workflow]
public class ApprovalWorkflow
{
    private string? approvedBy;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => approvedBy is not null);
        return approvedBy!;
    }

    [WorkflowSignal]
    public async Task ApproveAsync(string by) => approvedBy = by;
}

/// <summary>Starts a never-ending child, then asks for it to be cancelled, and reports how the child ended.</summary>
[Workflow]
public class CancellingParentWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string childId)
    {
        using var cancelChild = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        var child = await Workflow.StartChildWorkflowAsync(
            (WaitForeverWorkflow wf) => wf.RunAsync(), new() { Id = childId, CancellationToken = cancelChild.Token });
        // Cancel, not CancelAsync: the latter queues to the thread pool, which workflow code must not do.
        cancelChild.Cancel();
        try
        {
            await child.GetResultAsync();
            return "child completed";
        }
        catch (ChildWorkflowFailureException failure) when (failure.InnerException is CanceledFailureException)
        {
            return "child cancelled";
        }
    }
}

/// <summary>Runs a never-ending child with an execution timeout and reports how the child ended.</summary>
[Workflow]
public class TimingOutParentWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string childId, TimeSpan childTimeout)
    {
        try
        {
            await Workflow.ExecuteChildWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new() { Id = childId, ExecutionTimeout = childTimeout });
            return "child completed";
        }
        catch (ChildWorkflowFailureException failure) when (failure.InnerException is TimeoutFailureException)
        {
            return "child timed out";
        }
    }
}

/// <summary>Sleeps, then continues as new, forever: only an execution timeout spanning the runs ends it.</summary>
[Workflow]
public class NappingWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(TimeSpan nap)
    {
        await Workflow.DelayAsync(nap);
        throw Workflow.CreateContinueAsNewException((NappingWorkflow wf) => wf.RunAsync(nap));
    }
}

/// <summary>Runs one activity that is completed from outside the worker, and reports its outcome.</summary>
[Workflow]
public class ExternallyCompletedWorkflow
{
    public const string ActivityId = "payment";

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        try
        {
            return await Workflow.ExecuteActivityAsync(
                (ExternallyCompletedActivities activities) => activities.AwaitPayment(),
                new() { ActivityId = ActivityId, StartToCloseTimeout = TimeSpan.FromMinutes(5), RetryPolicy = new() { MaximumAttempts = 1 } });
        }
        catch (ActivityFailureException failure) when (failure.InnerException is ApplicationFailureException application)
        {
            return $"failed: {application.Message}";
        }
    }
}

/// <summary>An activity that hands its completion to someone else, and tells the test when it has done so.</summary>
public sealed class ExternallyCompletedActivities
{
    private readonly TaskCompletionSource handedOver = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task HandedOver => handedOver.Task;

    [Activity]
    public string AwaitPayment()
    {
        handedOver.TrySetResult();
        throw new CompleteAsyncException();
    }
}
