using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace HelperPlatform.DevServer.Tests.Conformance;

/// <summary>
/// <c>ReturnNewWorkflowTask</c>: what arrives while a workflow task runs, and needs another task at once, comes back
/// as that task in the completion's answer when the worker asks for it (every SDK core worker does), as on the real
/// server; the queue then has nothing for it.
/// </summary>
public sealed class NewWorkflowTaskInCompletionTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    private const string Identity = "completing-worker";

    private ITemporalClient Client => server.Client;

    [Fact]
    public async Task SignalWhileTheTaskRuns_ComesBackAsTheNextTaskInTheCompletion_WithTheStickyHistory()
    {
        var (workflowId, taskQueue, first) = await StartAndPollAsync();
        await Client.GetWorkflowHandle(workflowId).SignalAsync("poke", []);

        var completion = await CompleteAsync(first, returnNewWorkflowTask: true, stickyQueue: $"{taskQueue}-sticky");
        var next = completion.WorkflowTask;
        var polled = await PollBrieflyAsync(taskQueue);
        var secondCompletion = await CompleteAsync(next, returnNewWorkflowTask: true, stickyQueue: $"{taskQueue}-sticky");

        Assert.NotNull(next);
        Assert.Equal(workflowId, next.WorkflowExecution.WorkflowId);
        Assert.Equal(first.StartedEventId, next.PreviousStartedEventId);
        // Only what the worker has not seen: from the first task's completion on.
        Assert.Equal(
            [EventType.WorkflowTaskCompleted, EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted],
            next.History.Events.Select(historyEvent => historyEvent.EventType));
        Assert.Equal(next.History.Events[^1].EventId, next.StartedEventId);
        Assert.True(polled.TaskToken.IsEmpty, "The task given in the completion was handed to a poller too.");
        Assert.Null(secondCompletion.WorkflowTask);
    }

    [Fact]
    public async Task SignalWhileTheTaskRuns_WithoutAStickyQueue_ComesBackWithTheWholeHistory()
    {
        var (workflowId, _, first) = await StartAndPollAsync();
        await Client.GetWorkflowHandle(workflowId).SignalAsync("poke", []);

        var next = (await CompleteAsync(first, returnNewWorkflowTask: true, stickyQueue: null)).WorkflowTask;

        Assert.Equal(1, next.History.Events[0].EventId);
        Assert.Equal(EventType.WorkflowExecutionStarted, next.History.Events[0].EventType);
        Assert.Contains(next.History.Events, historyEvent => historyEvent.EventType == EventType.WorkflowExecutionSignaled);
    }

    [Fact]
    public async Task NothingArrived_NoTaskComesBack()
    {
        var (_, taskQueue, first) = await StartAndPollAsync();

        var completion = await CompleteAsync(first, returnNewWorkflowTask: true, stickyQueue: $"{taskQueue}-sticky");

        Assert.Null(completion.WorkflowTask);
    }

    [Fact]
    public async Task WorkerDoesNotAsk_TheNextTaskGoesThroughTheQueue()
    {
        var (workflowId, taskQueue, first) = await StartAndPollAsync();
        await Client.GetWorkflowHandle(workflowId).SignalAsync("poke", []);

        var completion = await CompleteAsync(first, returnNewWorkflowTask: false, stickyQueue: null);
        var polled = await PollBrieflyAsync(taskQueue);

        Assert.Null(completion.WorkflowTask);
        Assert.False(polled.TaskToken.IsEmpty);
        Assert.Contains(polled.History.Events, historyEvent => historyEvent.EventType == EventType.WorkflowExecutionSignaled);
    }

    private async Task<(string WorkflowId, string TaskQueue, PollWorkflowTaskQueueResponse First)> StartAndPollAsync()
    {
        var taskQueue = $"tq-{Guid.NewGuid()}";
        var workflowId = $"wf-{Guid.NewGuid()}";
        await Client.StartWorkflowAsync((WaitForeverWorkflow workflow) => workflow.RunAsync(), new(workflowId, taskQueue));
        var first = await Client.WorkflowService.PollWorkflowTaskQueueAsync(new()
        {
            Namespace = "default",
            TaskQueue = new() { Name = taskQueue },
            Identity = Identity,
        });
        return (workflowId, taskQueue, first);
    }

    private Task<RespondWorkflowTaskCompletedResponse> CompleteAsync(PollWorkflowTaskQueueResponse task, bool returnNewWorkflowTask, string? stickyQueue)
    {
        var request = new RespondWorkflowTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = task.TaskToken,
            Identity = Identity,
            ReturnNewWorkflowTask = returnNewWorkflowTask,
        };
        if (stickyQueue is not null)
        {
            request.StickyAttributes = new()
            {
                WorkerTaskQueue = new() { Name = stickyQueue, Kind = TaskQueueKind.Sticky },
                ScheduleToStartTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            };
        }

        return Client.WorkflowService.RespondWorkflowTaskCompletedAsync(request);
    }

    /// <summary>
    /// A poll of the sticky, then the normal queue, each giving up after about a second (the server answers empty a
    /// second before the caller's deadline).
    /// </summary>
    private async Task<PollWorkflowTaskQueueResponse> PollBrieflyAsync(string taskQueue)
    {
        var brief = new RpcOptions { Timeout = TimeSpan.FromSeconds(2) };
        var sticky = await Client.WorkflowService.PollWorkflowTaskQueueAsync(
            new() { Namespace = "default", TaskQueue = new() { Name = $"{taskQueue}-sticky", Kind = TaskQueueKind.Sticky }, Identity = Identity }, brief);
        return sticky.TaskToken.IsEmpty
            ? await Client.WorkflowService.PollWorkflowTaskQueueAsync(new() { Namespace = "default", TaskQueue = new() { Name = taskQueue }, Identity = Identity }, brief)
            : sticky;
    }
}
