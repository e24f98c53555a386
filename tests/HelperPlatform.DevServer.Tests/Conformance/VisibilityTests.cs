using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.DevServer.Tests.Conformance;

/// <summary>Describe, list and count executions, and read history page by page.</summary>
public sealed class VisibilityTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    [Fact]
    public async Task Describe_CompletedWorkflow_ReportsTypeQueueAndStatus()
    {
        var (taskQueue, description) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<CountdownWorkflow>(),
            async taskQueue =>
            {
                var handle = await server.Client.StartWorkflowAsync((CountdownWorkflow wf) => wf.RunAsync(0, 0), new($"wf-{Guid.NewGuid()}", taskQueue));
                await handle.GetResultAsync();
                return (taskQueue, await handle.DescribeAsync());
            });

        Assert.Equal("CountdownWorkflow", description.WorkflowType);
        Assert.Equal(taskQueue, description.TaskQueue);
        Assert.Equal(WorkflowExecutionStatus.Completed, description.Status);
        Assert.NotNull(description.CloseTime);
    }

    [Fact]
    public async Task ListAndCount_FilterByQueueTypeAndStatus_FindOnlyMatchingExecutions()
    {
        var taskQueue = $"tq-{Guid.NewGuid()}";
        var running = await server.Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new($"wf-{Guid.NewGuid()}", taskQueue));
        var finished = await server.Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new($"wf-{Guid.NewGuid()}", taskQueue));
        await finished.TerminateAsync();

        var runningIds = await ListIdsAsync($"TaskQueue = '{taskQueue}' AND WorkflowType = 'WaitForeverWorkflow' AND ExecutionStatus = 'Running'");
        var allCount = await server.Client.CountWorkflowsAsync($"TaskQueue = '{taskQueue}'");
        var startedByPrefix = await ListIdsAsync($"TaskQueue = '{taskQueue}' AND (WorkflowId STARTS_WITH 'wf-' OR ExecutionStatus != 'Running')");
        await running.TerminateAsync();

        Assert.Equal([running.Id], runningIds);
        Assert.Equal(2, allCount.Count);
        Assert.Equal(2, startedByPrefix.Count);
    }

    [Fact]
    public async Task List_UnsupportedFilter_FailsWithInvalidArgument()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => ListIdsAsync("NoSuchAttribute = 'x'"));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, failure.Code);
    }

    [Fact]
    public async Task GetHistory_PageSizeThree_ReturnsEveryEventOnceInOrder()
    {
        var handle = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<GreetingWorkflow>().AddActivity(GreetingActivities.Greet),
            async taskQueue =>
            {
                var handle = await server.Client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("pages"), new($"wf-{Guid.NewGuid()}", taskQueue));
                await handle.GetResultAsync();
                return handle;
            });

        var pages = 0;
        var eventIds = new List<long>();
        var request = new Temporalio.Api.WorkflowService.V1.GetWorkflowExecutionHistoryRequest
        {
            Namespace = server.Client.Options.Namespace,
            Execution = new() { WorkflowId = handle.Id },
            MaximumPageSize = 3,
        };
        do
        {
            var page = await server.Client.WorkflowService.GetWorkflowExecutionHistoryAsync(request);
            pages++;
            eventIds.AddRange(page.History.Events.Select(e => e.EventId));
            request.NextPageToken = page.NextPageToken;
        }
        while (!request.NextPageToken.IsEmpty);

        Assert.Equal(Enumerable.Range(1, 11).Select(id => (long)id), eventIds);
        Assert.True(pages >= 4, $"Expected at least 4 pages of at most 3 events, got {pages}.");
    }

    /// <summary>Visibility is eventually consistent on a real server, so a listing is retried briefly until it settles.</summary>
    private async Task<List<string>> ListIdsAsync(string query)
    {
        List<string> ids = [];
        for (var attempt = 0; attempt < 20; attempt++)
        {
            ids = [];
            await foreach (var execution in server.Client.ListWorkflowsAsync(query))
            {
                ids.Add(execution.Id);
            }
            if (server.DevServer is not null || ids.Count > 0)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        return ids;
    }
}
