using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.DevServer.Tests.Conformance;

/// <summary>
/// The ways an execution or a piece of it ends besides the plain ones: a completion racing a signal, children ending
/// cancelled or timed out, the request-cancel parent-close policy, run and execution timeouts, and an activity
/// completed by id from outside the worker.
/// </summary>
public sealed class ClosingTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    [Fact]
    public async Task CompleteWorkflowTask_SignalArrivedWhileTaskWasOut_RejectedAsUnhandledCommandAndSignalIsSeen()
    {
        var taskQueue = $"tq-{Guid.NewGuid()}";
        var handle = await server.Client.StartWorkflowAsync((ApprovalWorkflow wf) => wf.RunAsync(), Options(taskQueue));
        // A worker takes the first task; the signal lands while it holds it, and it then tries to complete the workflow.
        var task = await server.Client.WorkflowService.PollWorkflowTaskQueueAsync(new()
        {
            Namespace = server.Client.Options.Namespace,
            TaskQueue = new() { Name = taskQueue },
            Identity = "racing-worker",
        });
        await handle.SignalAsync(wf => wf.ApproveAsync("the late approver"));
        var rejection = await Assert.ThrowsAsync<RpcException>(() => server.Client.WorkflowService.RespondWorkflowTaskCompletedAsync(new()
        {
            Namespace = server.Client.Options.Namespace,
            TaskToken = task.TaskToken,
            Identity = "racing-worker",
            Commands =
            {
                new Command
                {
                    CommandType = CommandType.CompleteWorkflowExecution,
                    CompleteWorkflowExecutionCommandAttributes = new(),
                },
            },
        }));

        var (result, history) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<ApprovalWorkflow>(),
            async _ => (await handle.GetResultAsync(), await handle.FetchHistoryAsync()),
            taskQueue);

        Assert.Equal(RpcException.StatusCode.InvalidArgument, rejection.Code);
        Assert.Equal("UnhandledCommand", rejection.Message);
        Assert.Equal("the late approver", result);
        var types = history.Events.Select(e => e.EventType).ToList();
        var failedAt = types.IndexOf(EventType.WorkflowTaskFailed);
        Assert.Equal(WorkflowTaskFailedCause.UnhandledCommand, history.Events.ElementAt(failedAt).WorkflowTaskFailedEventAttributes.Cause);
        Assert.Equal(
            [EventType.WorkflowTaskStarted, EventType.WorkflowTaskFailed, EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled],
            types.Skip(failedAt - 1).Take(4));
        Assert.Single(types, type => type == EventType.WorkflowExecutionCompleted);
    }

    [Fact]
    public async Task ChildWorkflow_CancelledByParent_ParentSeesChildCancelled()
    {
        var childId = $"child-{Guid.NewGuid()}";
        var (result, history) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<CancellingParentWorkflow>().AddWorkflow<WaitForeverWorkflow>(),
            async taskQueue =>
            {
                var parent = await server.Client.StartWorkflowAsync((CancellingParentWorkflow wf) => wf.RunAsync(childId), Options(taskQueue));
                return (await parent.GetResultAsync(), await parent.FetchHistoryAsync());
            });

        Assert.Equal("child cancelled", result);
        Assert.Contains(history.Events, e => e.EventType == EventType.ChildWorkflowExecutionCanceled);
        Assert.Equal(WorkflowExecutionStatus.Canceled, (await server.Client.GetWorkflowHandle(childId).DescribeAsync()).Status);
    }

    [Fact]
    public async Task ChildWorkflow_PastItsExecutionTimeout_ParentSeesChildTimedOut()
    {
        var childId = $"child-{Guid.NewGuid()}";
        var childTimeout = server.LongOrShort(TimeSpan.FromDays(3), TimeSpan.FromSeconds(2));
        var (result, history) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<TimingOutParentWorkflow>().AddWorkflow<WaitForeverWorkflow>(),
            async taskQueue =>
            {
                var parent = await server.Client.StartWorkflowAsync(
                    (TimingOutParentWorkflow wf) => wf.RunAsync(childId, childTimeout), Options(taskQueue));
                using (server.AutoSkipTime())
                {
                    return (await parent.GetResultAsync(), await parent.FetchHistoryAsync());
                }
            });

        Assert.Equal("child timed out", result);
        Assert.Contains(history.Events, e => e.EventType == EventType.ChildWorkflowExecutionTimedOut);
        Assert.Equal(WorkflowExecutionStatus.TimedOut, (await server.Client.GetWorkflowHandle(childId).DescribeAsync()).Status);
    }

    [Fact]
    public async Task ParentClosePolicyRequestCancel_ParentCompletes_ChildIsAskedToCancelAndEndsCancelled()
    {
        var childId = $"child-{Guid.NewGuid()}";
        var (failure, childHistory) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<AbandoningParentWorkflow>().AddWorkflow<WaitForeverWorkflow>(),
            async taskQueue =>
            {
                await server.Client.ExecuteWorkflowAsync(
                    (AbandoningParentWorkflow wf) => wf.RunAsync(childId, Temporalio.Workflows.ParentClosePolicy.RequestCancel), Options(taskQueue));
                var child = server.Client.GetWorkflowHandle(childId);
                return (await Assert.ThrowsAsync<WorkflowFailedException>(() => child.GetResultAsync()), await child.FetchHistoryAsync());
            });

        Assert.IsType<CanceledFailureException>(failure.InnerException);
        Assert.Contains(childHistory.Events, e => e.EventType == EventType.WorkflowExecutionCancelRequested);
        Assert.Equal(EventType.WorkflowExecutionCanceled, childHistory.Events.Last().EventType);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WorkflowTimeout_WaitingPastIt_EndsTimedOut(bool runTimeout)
    {
        var timeout = server.LongOrShort(TimeSpan.FromDays(2), TimeSpan.FromSeconds(2));
        var (failure, description, history) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<WaitForeverWorkflow>(),
            async taskQueue =>
            {
                var options = Options(taskQueue);
                if (runTimeout)
                {
                    options.RunTimeout = timeout;
                }
                else
                {
                    options.ExecutionTimeout = timeout;
                }
                var handle = await server.Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), options);
                using (server.AutoSkipTime())
                {
                    var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
                    return (failure, await handle.DescribeAsync(), await handle.FetchHistoryAsync());
                }
            });

        Assert.IsType<TimeoutFailureException>(failure.InnerException);
        Assert.Equal(WorkflowExecutionStatus.TimedOut, description.Status);
        Assert.Equal(EventType.WorkflowExecutionTimedOut, history.Events.Last().EventType);
    }

    [Fact]
    public async Task ExecutionTimeout_AcrossContinueAsNew_EndsALaterRunTimedOut()
    {
        var nap = server.LongOrShort(TimeSpan.FromHours(1), TimeSpan.FromSeconds(1));
        var (failure, firstRunHistory) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<NappingWorkflow>(),
            async taskQueue =>
            {
                var options = Options(taskQueue);
                options.ExecutionTimeout = nap * 2.5;
                var handle = await server.Client.StartWorkflowAsync((NappingWorkflow wf) => wf.RunAsync(nap), options);
                using (server.AutoSkipTime())
                {
                    var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
                    return (failure, await server.Client.GetWorkflowHandle(handle.Id, runId: handle.ResultRunId).FetchHistoryAsync());
                }
            });

        Assert.IsType<TimeoutFailureException>(failure.InnerException);
        Assert.Equal(EventType.WorkflowExecutionContinuedAsNew, firstRunHistory.Events.Last().EventType);
    }

    [Fact]
    public async Task CompleteActivityById_FromOutsideTheWorker_WorkflowGetsTheResult()
    {
        var (result, history) = await RunExternallyCompletedAsync(activity => activity.CompleteAsync("paid by card"));

        Assert.Equal("paid by card", result);
        Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskCompleted);
    }

    [Fact]
    public async Task FailActivityById_FromOutsideTheWorker_WorkflowSeesTheFailure()
    {
        var (result, history) = await RunExternallyCompletedAsync(
            activity => activity.FailAsync(new ApplicationFailureException("card declined", nonRetryable: true)));

        Assert.Equal("failed: card declined", result);
        Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskFailed);
    }

    private Task<(string Result, Temporalio.Common.WorkflowHistory History)> RunExternallyCompletedAsync(
        Func<AsyncActivityHandle, Task> completeFromOutside)
    {
        var activities = new ExternallyCompletedActivities();
        return server.WithWorkerAsync(
            worker => worker.AddWorkflow<ExternallyCompletedWorkflow>().AddAllActivities(activities),
            async taskQueue =>
            {
                var handle = await server.Client.StartWorkflowAsync((ExternallyCompletedWorkflow wf) => wf.RunAsync(), Options(taskQueue));
                await activities.HandedOver;
                await completeFromOutside(server.Client.GetAsyncActivityHandle(handle.Id, handle.ResultRunId!, ExternallyCompletedWorkflow.ActivityId));
                return (await handle.GetResultAsync(), await handle.FetchHistoryAsync());
            });
    }

    private static WorkflowOptions Options(string taskQueue) => new(id: $"wf-{Guid.NewGuid()}", taskQueue: taskQueue);
}
