using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.DevServer.Tests.Conformance;

/// <summary>
/// What an operator's tool (the Temporal Web UI, the CLI) reads besides single executions: namespaces, the cluster,
/// search attributes, pollers, status counts, newest-first history and the executions related to a workflow.
/// </summary>
public sealed class OperatorViewTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    private string Namespace => server.Client.Options.Namespace;

    [Fact]
    public async Task ListNamespaces_ContainsTheDefaultNamespaceRegistered()
    {
        var response = await server.Client.WorkflowService.ListNamespacesAsync(new ListNamespacesRequest());

        var @default = Assert.Single(response.Namespaces, candidate => candidate.NamespaceInfo.Name == Namespace);
        Assert.Equal(NamespaceState.Registered, @default.NamespaceInfo.State);
        Assert.NotNull(@default.Config.WorkflowExecutionRetentionTtl);
    }

    [Fact]
    public async Task GetClusterInfo_NamesTheServerVersionAndCluster()
    {
        var info = await server.Client.WorkflowService.GetClusterInfoAsync(new GetClusterInfoRequest());

        Assert.NotEmpty(info.ServerVersion);
        Assert.NotEmpty(info.ClusterName);
        Assert.NotEmpty(info.ClusterId);
    }

    [Fact]
    public async Task ListSearchAttributes_SystemAttributesHaveTheirTypes()
    {
        var response = await server.Client.OperatorService.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = Namespace });

        Assert.Equal(IndexedValueType.Keyword, response.SystemAttributes["WorkflowType"]);
        Assert.Equal(IndexedValueType.Keyword, response.SystemAttributes["ExecutionStatus"]);
        Assert.Equal(IndexedValueType.Datetime, response.SystemAttributes["StartTime"]);
        Assert.Equal(IndexedValueType.Keyword, response.SystemAttributes["ParentWorkflowId"]);
        Assert.Equal(IndexedValueType.Keyword, response.SystemAttributes["RootWorkflowId"]);
    }

    [Fact]
    public async Task GetHistoryReverse_PageSizeThree_ReturnsEveryEventOnceNewestFirst()
    {
        var handle = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<GreetingWorkflow>().AddActivity(GreetingActivities.Greet),
            async taskQueue =>
            {
                var handle = await server.Client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("backwards"), new($"wf-{Guid.NewGuid()}", taskQueue));
                await handle.GetResultAsync();
                return handle;
            });
        var forward = await handle.FetchHistoryAsync();

        var eventIds = new List<long>();
        var pages = 0;
        var request = new GetWorkflowExecutionHistoryReverseRequest { Namespace = Namespace, Execution = new() { WorkflowId = handle.Id }, MaximumPageSize = 3 };
        do
        {
            var page = await server.Client.WorkflowService.GetWorkflowExecutionHistoryReverseAsync(request);
            pages++;
            eventIds.AddRange(page.History.Events.Select(e => e.EventId));
            request.NextPageToken = page.NextPageToken;
        }
        while (!request.NextPageToken.IsEmpty);

        Assert.Equal(forward.Events.Select(e => e.EventId).Reverse(), eventIds);
        Assert.Equal(EventType.WorkflowExecutionCompleted, forward.Events.Last().EventType);
        Assert.Equal((forward.Events.Count + 2) / 3, pages);
    }

    [Fact]
    public async Task DescribeTaskQueue_WhileAWorkerRuns_ListsItAsPollerOfBothQueueTypes()
    {
        var (workflowPollers, activityPollers) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<GreetingWorkflow>().AddActivity(GreetingActivities.Greet),
            async taskQueue =>
            {
                // A completed workflow proves the worker has polled both queues.
                await server.Client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("pollers"), new($"wf-{Guid.NewGuid()}", taskQueue));
                var workflowQueue = await DescribeQueueAsync(taskQueue, TaskQueueType.Workflow);
                var activityQueue = await DescribeQueueAsync(taskQueue, TaskQueueType.Activity);
                return (workflowQueue.Pollers, activityQueue.Pollers);
            });

        var identity = Assert.Single(workflowPollers).Identity;
        Assert.NotEmpty(identity);
        Assert.Equal(identity, Assert.Single(activityPollers).Identity);
        Assert.NotNull(workflowPollers[0].LastAccessTime);
    }

    [Fact]
    public async Task Describe_AnActivityBackingOffAfterAFailedAttempt_SchedulesTheNextAttemptAheadWithItsInterval()
    {
        var interval = TimeSpan.FromHours(1);
        var scenario = new ActivityScenario(nameof(FlakyActivities.FailWith), "Transient", StartToClose: TimeSpan.FromSeconds(10), RetryInterval: interval);
        var pending = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<CallActivityWorkflow>().AddAllActivities(new FlakyActivities()),
            async taskQueue =>
            {
                var handle = await server.Client.StartWorkflowAsync(
                    (CallActivityWorkflow wf) => wf.RunAsync(scenario),
                    new($"wf-{Guid.NewGuid()}", taskQueue));
                var backingOff = await WaitForFailedAttemptAsync(handle.Id);
                await handle.TerminateAsync();
                return backingOff;
            });

        Assert.Equal((2, PendingActivityState.Scheduled, "it always fails"), (pending.Attempt, pending.State, pending.LastFailure.Message));
        Assert.Equal(interval, pending.CurrentRetryInterval.ToTimeSpan());
        Assert.Equal(pending.LastAttemptCompleteTime.ToDateTimeOffset() + interval, pending.NextAttemptScheduleTime.ToDateTimeOffset());
        Assert.Equal(pending.NextAttemptScheduleTime, pending.ScheduledTime);
    }

    [Fact]
    public async Task DescribeTaskQueue_NobodyPolled_HasNoPollers()
    {
        var response = await DescribeQueueAsync($"tq-{Guid.NewGuid()}", TaskQueueType.Workflow);

        Assert.Empty(response.Pollers);
    }

    [Fact]
    public async Task Count_GroupByExecutionStatus_CountsEachStatusPresent()
    {
        var taskQueue = $"tq-{Guid.NewGuid()}";
        var running = await server.Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new($"wf-{Guid.NewGuid()}", taskQueue));
        for (var index = 0; index < 2; index++)
        {
            var terminated = await server.Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new($"wf-{Guid.NewGuid()}", taskQueue));
            await terminated.TerminateAsync();
        }

        var response = await server.Client.WorkflowService.CountWorkflowExecutionsAsync(
            new CountWorkflowExecutionsRequest { Namespace = Namespace, Query = $"TaskQueue = '{taskQueue}' GROUP BY ExecutionStatus" });
        await running.TerminateAsync();

        Assert.Equal(3, response.Count);
        var counts = response.Groups.ToDictionary(
            group => (string)server.Client.Options.DataConverter.PayloadConverter.ToValue(Assert.Single(group.GroupValues), typeof(string))!,
            group => group.Count);
        Assert.Equal(new Dictionary<string, long> { ["Running"] = 1, ["Terminated"] = 2 }, counts);
    }

    [Fact]
    public async Task Count_GroupByOtherThanExecutionStatus_FailsWithInvalidArgument()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => server.Client.WorkflowService.CountWorkflowExecutionsAsync(
            new CountWorkflowExecutionsRequest { Namespace = Namespace, Query = "GROUP BY WorkflowType" }));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, failure.Code);
    }

    [Fact]
    public async Task List_GroupBy_FailsWithInvalidArgument()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => server.Client.WorkflowService.ListWorkflowExecutionsAsync(
            new ListWorkflowExecutionsRequest { Namespace = Namespace, Query = "GROUP BY ExecutionStatus" }));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, failure.Code);
    }

    [Fact]
    public async Task List_ByParentAndRootWorkflowId_FindsTheChildAndTheWholeTree()
    {
        var parentId = $"parent-{Guid.NewGuid()}";
        var childId = $"child-{Guid.NewGuid()}";
        await server.WithWorkerAsync(
            worker => worker.AddWorkflow<ParentWorkflow>().AddWorkflow<ChildWorkflow>(),
            taskQueue => server.Client.ExecuteWorkflowAsync((ParentWorkflow wf) => wf.RunAsync(childId, ChildOutcome.Complete), new(parentId, taskQueue)));

        var children = await ListIdsAsync($"ParentWorkflowId = '{parentId}'");
        var tree = await ListIdsAsync($"RootWorkflowId = '{parentId}'");
        var roots = await ListIdsAsync($"RootWorkflowId = '{parentId}' AND ParentWorkflowId IS NULL");

        Assert.Equal([childId], children);
        Assert.Equal([childId, parentId], tree.Order(StringComparer.Ordinal));
        Assert.Equal([parentId], roots);
    }

    private async Task<Temporalio.Api.Workflow.V1.PendingActivityInfo> WaitForFailedAttemptAsync(string workflowId)
    {
        var request = new DescribeWorkflowExecutionRequest { Namespace = Namespace, Execution = new() { WorkflowId = workflowId } };
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var described = await server.Client.WorkflowService.DescribeWorkflowExecutionAsync(request);
            if (described.PendingActivities.FirstOrDefault(activity => activity.LastFailure is not null) is { } failed)
            {
                return failed;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{workflowId}'s activity never failed an attempt.");
            await Task.Delay(50);
        }
    }

    private Task<DescribeTaskQueueResponse> DescribeQueueAsync(string taskQueue, TaskQueueType type) =>
        server.Client.WorkflowService.DescribeTaskQueueAsync(
            new DescribeTaskQueueRequest { Namespace = Namespace, TaskQueue = new() { Name = taskQueue }, TaskQueueType = type });

    private async Task<List<string>> ListIdsAsync(string query)
    {
        var ids = new List<string>();
        await foreach (var execution in server.Client.ListWorkflowsAsync(query))
        {
            ids.Add(execution.Id);
        }
        return ids;
    }
}
