using Google.Protobuf.WellKnownTypes;
using HelperPlatform.DevServer.Tests.Conformance;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace HelperPlatform.DevServer.Tests.Server;

/// <summary>
/// Eager activity execution, which the dev server always allows (a real server only with
/// system.enableActivityEagerExecution), so these are not conformance scenarios.
/// </summary>
public sealed class EagerActivityTests : IAsyncLifetime
{
    private TemporalDevServer? server;
    private TemporalClient? client;

    private TemporalClient Client => client!;

    public async Task InitializeAsync()
    {
        server = await TemporalDevServer.StartAsync(new DevServerOptions());
        client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
    }

    public async Task DisposeAsync() => await server!.DisposeAsync();

    [Fact]
    public async Task ScheduleActivity_EagerOnWorkflowQueue_StartsAndComesBackInTheCompletion()
    {
        var taskQueue = $"tq-{Guid.NewGuid()}";
        var completion = await CompleteFirstTaskSchedulingAsync(taskQueue, activityQueue: taskQueue);

        var eager = Assert.Single(completion.ActivityTasks);
        Assert.Equal("charge-1", eager.ActivityId);
        Assert.Equal(1, eager.Attempt);
        await Client.WorkflowService.RespondActivityTaskCompletedAsync(new() { Namespace = "default", TaskToken = eager.TaskToken, Identity = "eager-worker" });
    }

    [Fact]
    public async Task ScheduleActivity_EagerOnAnotherQueue_GoesThroughThatQueue()
    {
        var taskQueue = $"tq-{Guid.NewGuid()}";
        var activityQueue = $"activities-{Guid.NewGuid()}";
        var completion = await CompleteFirstTaskSchedulingAsync(taskQueue, activityQueue);

        Assert.Empty(completion.ActivityTasks);
        var polled = await Client.WorkflowService.PollActivityTaskQueueAsync(new()
        {
            Namespace = "default",
            TaskQueue = new() { Name = activityQueue },
            Identity = "activity-worker",
        });
        Assert.Equal("charge-1", polled.ActivityId);
    }

    private async Task<RespondWorkflowTaskCompletedResponse> CompleteFirstTaskSchedulingAsync(string taskQueue, string activityQueue)
    {
        await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new($"wf-{Guid.NewGuid()}", taskQueue));
        var task = await Client.WorkflowService.PollWorkflowTaskQueueAsync(new()
        {
            Namespace = "default",
            TaskQueue = new() { Name = taskQueue },
            Identity = "eager-worker",
        });
        return await Client.WorkflowService.RespondWorkflowTaskCompletedAsync(new()
        {
            Namespace = "default",
            TaskToken = task.TaskToken,
            Identity = "eager-worker",
            Commands =
            {
                new Command
                {
                    CommandType = CommandType.ScheduleActivityTask,
                    ScheduleActivityTaskCommandAttributes = new()
                    {
                        ActivityId = "charge-1",
                        ActivityType = new() { Name = "Charge" },
                        TaskQueue = new() { Name = activityQueue },
                        StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)),
                        RequestEagerExecution = true,
                    },
                },
            },
        });
    }
}
