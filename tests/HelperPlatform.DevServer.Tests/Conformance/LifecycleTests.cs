using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.DevServer.Tests.Conformance;

public sealed class LifecycleTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    [Fact]
    public async Task CancelWorkflow_WaitingWorkflow_EndsCanceled()
    {
        var (failure, description) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<WaitForeverWorkflow>(),
            async taskQueue =>
            {
                var handle = await server.Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), Options(taskQueue));
                await handle.CancelAsync();
                var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
                return (failure, await handle.DescribeAsync());
            });

        Assert.IsType<CanceledFailureException>(failure.InnerException);
        Assert.Equal(WorkflowExecutionStatus.Canceled, description.Status);
    }

    [Fact]
    public async Task TerminateWorkflow_WaitingWorkflow_EndsTerminatedWithReason()
    {
        var (failure, history) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<WaitForeverWorkflow>(),
            async taskQueue =>
            {
                var handle = await server.Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), Options(taskQueue));
                await handle.TerminateAsync("no longer needed");
                var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
                return (failure, await handle.FetchHistoryAsync());
            });

        Assert.IsType<TerminatedFailureException>(failure.InnerException);
        Assert.Equal("no longer needed", history.Events.Last().WorkflowExecutionTerminatedEventAttributes.Reason);
    }

    [Fact]
    public async Task ContinueAsNew_ThreeTimes_ResultFollowsTheChainOfRuns()
    {
        var (runs, firstRunHistory) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<CountdownWorkflow>(),
            async taskQueue =>
            {
                var handle = await server.Client.StartWorkflowAsync((CountdownWorkflow wf) => wf.RunAsync(3, 0), Options(taskQueue));
                var runs = await handle.GetResultAsync();
                return (runs, await server.Client.GetWorkflowHandle(handle.Id, runId: handle.ResultRunId).FetchHistoryAsync());
            });

        Assert.Equal(4, runs);
        Assert.Equal(EventType.WorkflowExecutionContinuedAsNew, firstRunHistory.Events.Last().EventType);
    }

    [Fact]
    public async Task WorkflowTask_FailingOnce_IsRetriedAndRecordedAsFailed()
    {
        var (result, history) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<FailFirstTaskWorkflow>(),
            async taskQueue =>
            {
                var handle = await server.Client.StartWorkflowAsync((FailFirstTaskWorkflow wf) => wf.RunAsync(), Options(taskQueue));
                return (await handle.GetResultAsync(), await handle.FetchHistoryAsync());
            });

        Assert.Equal("recovered", result);
        Assert.Contains(history.Events, e => e.EventType == EventType.WorkflowTaskFailed);
    }

    [Fact]
    public async Task WorkflowTask_NotAnsweredInTime_TimesOutAndIsRedelivered()
    {
        var taskQueue = $"tq-{Guid.NewGuid()}";
        var options = Options(taskQueue);
        options.TaskTimeout = TimeSpan.FromSeconds(1);
        var handle = await server.Client.StartWorkflowAsync((CountdownWorkflow wf) => wf.RunAsync(0, 0), options);
        // Take the first workflow task like a worker that crashes before answering it.
        var abandoned = await server.Client.WorkflowService.PollWorkflowTaskQueueAsync(new()
        {
            Namespace = server.Client.Options.Namespace,
            TaskQueue = new() { Name = taskQueue },
            Identity = "crashing-worker",
        });
        Assert.False(abandoned.TaskToken.IsEmpty);

        var (runs, history) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<CountdownWorkflow>(),
            async _ => (await handle.GetResultAsync(), await handle.FetchHistoryAsync()),
            taskQueue);

        Assert.Equal(1, runs);
        Assert.Contains(history.Events, e => e.EventType == EventType.WorkflowTaskTimedOut);
    }

    [Fact]
    public async Task ChildWorkflow_Completing_ParentGetsItsResult()
    {
        var childId = $"child-{Guid.NewGuid()}";
        var (result, history) = await RunParentAsync(childId, ChildOutcome.Complete);

        Assert.Equal($"child {childId} done", result);
        Assert.Contains(history.Events, e => e.EventType == EventType.ChildWorkflowExecutionStarted);
        Assert.Contains(history.Events, e => e.EventType == EventType.ChildWorkflowExecutionCompleted);
    }

    [Fact]
    public async Task ChildWorkflow_Failing_ParentSeesChildFailure()
    {
        var (result, history) = await RunParentAsync($"child-{Guid.NewGuid()}", ChildOutcome.Fail);

        Assert.Equal("child failed: ChildError", result);
        Assert.Contains(history.Events, e => e.EventType == EventType.ChildWorkflowExecutionFailed);
    }

    [Fact]
    public async Task ChildWorkflow_IdAlreadyRunning_StartFails()
    {
        var childId = $"child-{Guid.NewGuid()}";
        var (result, history) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<ParentWorkflow>().AddWorkflow<ChildWorkflow>().AddWorkflow<WaitForeverWorkflow>(),
            async taskQueue =>
            {
                var squatter = await server.Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new(childId, taskQueue));
                var parent = await server.Client.StartWorkflowAsync((ParentWorkflow wf) => wf.RunAsync(childId, ChildOutcome.Complete), Options(taskQueue));
                var result = await parent.GetResultAsync();
                await squatter.TerminateAsync();
                return (result, await parent.FetchHistoryAsync());
            });

        Assert.Equal("child already started", result);
        var failed = Assert.Single(history.Events, e => e.EventType == EventType.StartChildWorkflowExecutionFailed);
        Assert.Equal(StartChildWorkflowExecutionFailedCause.WorkflowAlreadyExists, failed.StartChildWorkflowExecutionFailedEventAttributes.Cause);
    }

    [Theory]
    [InlineData(Temporalio.Workflows.ParentClosePolicy.Terminate, WorkflowExecutionStatus.Terminated)]
    [InlineData(Temporalio.Workflows.ParentClosePolicy.Abandon, WorkflowExecutionStatus.Running)]
    public async Task ParentClosePolicy_ParentCompletes_ChildIsHandledByPolicy(
        Temporalio.Workflows.ParentClosePolicy policy, WorkflowExecutionStatus expectedChildStatus)
    {
        var childId = $"child-{Guid.NewGuid()}";
        var childStatus = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<AbandoningParentWorkflow>().AddWorkflow<WaitForeverWorkflow>(),
            async taskQueue =>
            {
                await server.Client.ExecuteWorkflowAsync((AbandoningParentWorkflow wf) => wf.RunAsync(childId, policy), Options(taskQueue));
                var child = server.Client.GetWorkflowHandle(childId);
                var status = (await child.DescribeAsync()).Status;
                if (status == WorkflowExecutionStatus.Running)
                {
                    await child.TerminateAsync("test cleanup");
                }
                return status;
            });

        Assert.Equal(expectedChildStatus, childStatus);
    }

    [Fact]
    public async Task ExternalSignal_FromAnotherWorkflow_ReachesTarget()
    {
        var result = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<CartWorkflow>().AddWorkflow<SignallerWorkflow>(),
            async taskQueue =>
            {
                var cart = await server.Client.StartWorkflowAsync((CartWorkflow wf) => wf.RunAsync(), Options(taskQueue));
                await server.Client.ExecuteWorkflowAsync((SignallerWorkflow wf) => wf.RunAsync(cart.Id), Options(taskQueue));
                return await cart.GetResultAsync();
            });

        Assert.Equal("from another workflow at 0% off", result);
    }

    [Fact]
    public async Task ExternalCancel_FromAnotherWorkflow_CancelsTarget()
    {
        var failure = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<WaitForeverWorkflow>().AddWorkflow<CancellerWorkflow>(),
            async taskQueue =>
            {
                var target = await server.Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), Options(taskQueue));
                await server.Client.ExecuteWorkflowAsync((CancellerWorkflow wf) => wf.RunAsync(target.Id), Options(taskQueue));
                return await Assert.ThrowsAsync<WorkflowFailedException>(() => target.GetResultAsync());
            });

        Assert.IsType<CanceledFailureException>(failure.InnerException);
    }

    private Task<(string Result, Temporalio.Common.WorkflowHistory History)> RunParentAsync(string childId, ChildOutcome outcome) =>
        server.WithWorkerAsync(
            worker => worker.AddWorkflow<ParentWorkflow>().AddWorkflow<ChildWorkflow>(),
            async taskQueue =>
            {
                var parent = await server.Client.StartWorkflowAsync((ParentWorkflow wf) => wf.RunAsync(childId, outcome), Options(taskQueue));
                return (await parent.GetResultAsync(), await parent.FetchHistoryAsync());
            });

    private static WorkflowOptions Options(string taskQueue) => new(id: $"wf-{Guid.NewGuid()}", taskQueue: taskQueue);
}
