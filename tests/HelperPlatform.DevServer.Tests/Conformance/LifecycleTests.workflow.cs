using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace HelperPlatform.DevServer.Tests.Conformance;

/// <summary>Waits until it is cancelled or terminated.</summary>
[Workflow]
public class WaitForeverWorkflow
{
    [WorkflowRun]
    public async Task RunAsync() => await Workflow.WaitConditionAsync(() => false);
}

/// <summary>Continues as new until the countdown reaches zero, then reports how many runs it took.</summary>
[Workflow]
public class CountdownWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int remaining, int runsSoFar)
    {
        if (remaining == 0)
        {
            return runsSoFar + 1;
        }
        throw Workflow.CreateContinueAsNewException((CountdownWorkflow wf) => wf.RunAsync(remaining - 1, runsSoFar + 1));
    }
}

/// <summary>Fails its first workflow task with a bug-like exception (a task failure, not a workflow failure), then recovers.</summary>
[Workflow]
public class FailFirstTaskWorkflow
{
    private static readonly HashSet<string> FailedOnce = [];

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        lock (FailedOnce)
        {
            if (FailedOnce.Add(Workflow.Info.WorkflowId))
            {
                throw new InvalidOperationException("a bug in the workflow code");
            }
        }
        return "recovered";
    }
}

public enum ChildOutcome
{
    Complete,
    Fail,
}

[Workflow]
public class ChildWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(ChildOutcome outcome) =>
        outcome == ChildOutcome.Complete ? $"child {Workflow.Info.WorkflowId} done" : throw new ApplicationFailureException("the child failed", errorType: "ChildError");
}

[Workflow]
public class ParentWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string childId, ChildOutcome outcome)
    {
        try
        {
            return await Workflow.ExecuteChildWorkflowAsync((ChildWorkflow wf) => wf.RunAsync(outcome), new() { Id = childId });
        }
        catch (ChildWorkflowFailureException failure) when (failure.InnerException is ApplicationFailureException application)
        {
            return $"child failed: {application.ErrorType}";
        }
        catch (WorkflowAlreadyStartedException)
        {
            return "child already started";
        }
    }
}

/// <summary>Starts a never-ending child with the given parent-close policy and completes as soon as it runs.</summary>
[Workflow]
public class AbandoningParentWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(string childId, Temporalio.Workflows.ParentClosePolicy policy) =>
        await Workflow.StartChildWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new() { Id = childId, ParentClosePolicy = policy });
}

[Workflow]
public class SignallerWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(string cartId)
    {
        var cart = Workflow.GetExternalWorkflowHandle<CartWorkflow>(cartId);
        await cart.SignalAsync(wf => wf.AddItemAsync("from another workflow"));
        await cart.SignalAsync(wf => wf.CheckOutAsync());
    }
}

[Workflow]
public class CancellerWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(string targetId) => await Workflow.GetExternalWorkflowHandle(targetId).CancelAsync();
}
