using Google.Protobuf.WellKnownTypes;
using HelperPlatform.DevServer.Tests.Conformance;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TestService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace HelperPlatform.DevServer.Tests.Server;

/// <summary>How the dev server itself answers what it does not support and what is malformed; not conformance scenarios.</summary>
public sealed class DevServerProtocolTests : IAsyncLifetime
{
    private TemporalDevServer? server;
    private TemporalClient? client;

    private TemporalDevServer Server => server!;

    private TemporalClient Client => client!;

    public async Task InitializeAsync()
    {
        server = await TemporalDevServer.StartAsync(new DevServerOptions { TimeSkipping = true });
        client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [Fact]
    public async Task UnimplementedWorkflowServiceMethod_AnswersUnimplementedNamingTheMethod()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(
            () => Client.WorkflowService.ListSchedulesAsync(new() { Namespace = Server.Namespace }));

        Assert.Equal(RpcException.StatusCode.Unimplemented, failure.Code);
        Assert.Contains("ListSchedules", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownService_AnswersUnimplementedNamingTheMethod()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(
            () => Client.Connection.OperatorService.ListSearchAttributesAsync(new() { Namespace = Server.Namespace }));

        Assert.Equal(RpcException.StatusCode.Unimplemented, failure.Code);
        Assert.Contains("ListSearchAttributes", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartWorkflow_WithoutWorkflowId_AnswersInvalidArgument()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.StartWorkflowExecutionAsync(new()
        {
            Namespace = Server.Namespace,
            WorkflowType = new() { Name = "Anything" },
            TaskQueue = new() { Name = "anywhere" },
        }));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, failure.Code);
    }

    [Fact]
    public async Task CompleteActivity_WithGarbageTaskToken_AnswersInvalidArgumentAndServerKeepsServing()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.RespondActivityTaskCompletedAsync(new()
        {
            Namespace = Server.Namespace,
            TaskToken = Google.Protobuf.ByteString.CopyFromUtf8("not a token"),
        }));
        var stillServing = await Client.WorkflowService.GetSystemInfoAsync(new());

        Assert.Equal(RpcException.StatusCode.InvalidArgument, failure.Code);
        Assert.False(string.IsNullOrEmpty(stillServing.ServerVersion));
    }

    [Fact]
    public async Task SkipTime_PastAWorkflowTimer_FiresTheTimer()
    {
        var taskQueue = $"tq-{Guid.NewGuid()}";
        using var worker = new TemporalWorker(Client, new TemporalWorkerOptions(taskQueue).AddWorkflow<SleepingWorkflow>());
        var (startedAt, wokeAt) = await worker.ExecuteAsync(async () =>
        {
            var handle = await Client.StartWorkflowAsync(
                (SleepingWorkflow wf) => wf.RunAsync(TimeSpan.FromDays(1)), new($"wf-{Guid.NewGuid()}", taskQueue));
            var startedAt = Server.Now;
            await foreach (var historyEvent in handle.FetchHistoryEventsAsync(new() { WaitNewEvent = true }))
            {
                if (historyEvent.EventType == EventType.TimerStarted)
                {
                    break;
                }
            }
            await Server.SkipTimeAsync(TimeSpan.FromDays(1));
            return (startedAt, await handle.GetResultAsync());
        });

        Assert.True(wokeAt - startedAt.UtcDateTime >= TimeSpan.FromDays(1), $"Started {startedAt:O}, woke {wokeAt:O}.");
    }

    [Fact]
    public async Task SkipTime_WhileAWorkflowTaskIsInFlight_DoesNotTimeItOut()
    {
        var taskQueue = $"tq-{Guid.NewGuid()}";
        var handle = await Client.StartWorkflowAsync(
            (SleepingWorkflow wf) => wf.RunAsync(TimeSpan.FromDays(1)), new($"wf-{Guid.NewGuid()}", taskQueue));
        var task = await Client.WorkflowService.PollWorkflowTaskQueueAsync(new()
        {
            Namespace = Server.Namespace,
            TaskQueue = new() { Name = taskQueue },
            Identity = "test",
        });

        await Server.SkipTimeAsync(TimeSpan.FromDays(2));
        var completion = new Temporalio.Api.WorkflowService.V1.RespondWorkflowTaskCompletedRequest
        {
            Namespace = Server.Namespace,
            TaskToken = task.TaskToken,
            Identity = "test",
        };
        completion.Commands.Add(new Temporalio.Api.Command.V1.Command
        {
            CommandType = CommandType.CompleteWorkflowExecution,
            CompleteWorkflowExecutionCommandAttributes = new(),
        });
        await Client.WorkflowService.RespondWorkflowTaskCompletedAsync(completion);
        var history = await handle.FetchHistoryAsync();

        Assert.DoesNotContain(history.Events, e => e.EventType == EventType.WorkflowTaskTimedOut);
        Assert.Equal(EventType.WorkflowExecutionCompleted, history.Events.Last().EventType);
    }

    [Fact]
    public async Task CompleteWorkflowTask_NamingAProtocolMessageItDoesNotCarry_FailsTheTaskAndWritesNoCommand()
    {
        var taskQueue = $"tq-{Guid.NewGuid()}";
        var handle = await Client.StartWorkflowAsync(
            (SleepingWorkflow wf) => wf.RunAsync(TimeSpan.FromDays(1)), new($"wf-{Guid.NewGuid()}", taskQueue));
        var task = await Client.WorkflowService.PollWorkflowTaskQueueAsync(new()
        {
            Namespace = Server.Namespace,
            TaskQueue = new() { Name = taskQueue },
            Identity = "test",
        });
        var completion = new Temporalio.Api.WorkflowService.V1.RespondWorkflowTaskCompletedRequest
        {
            Namespace = Server.Namespace,
            TaskToken = task.TaskToken,
            Identity = "test",
        };
        // A valid command first: the refusal must keep it out of history too.
        completion.Commands.Add(new Temporalio.Api.Command.V1.Command
        {
            CommandType = CommandType.StartTimer,
            StartTimerCommandAttributes = new() { TimerId = "1", StartToFireTimeout = Duration.FromTimeSpan(TimeSpan.FromHours(1)) },
        });
        completion.Commands.Add(new Temporalio.Api.Command.V1.Command
        {
            CommandType = CommandType.ProtocolMessage,
            ProtocolMessageCommandAttributes = new() { MessageId = "not-in-this-completion" },
        });

        var failure = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.RespondWorkflowTaskCompletedAsync(completion));
        var events = (await handle.FetchHistoryAsync()).Events;
        var retried = await Client.WorkflowService.PollWorkflowTaskQueueAsync(new()
        {
            Namespace = Server.Namespace,
            TaskQueue = new() { Name = taskQueue },
            Identity = "test",
        });

        Assert.Equal(RpcException.StatusCode.InvalidArgument, failure.Code);
        Assert.Contains("not-in-this-completion", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.EventType is EventType.WorkflowTaskCompleted or EventType.TimerStarted);
        var failed = Assert.Single(events, e => e.EventType == EventType.WorkflowTaskFailed);
        Assert.Equal(WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage, failed.WorkflowTaskFailedEventAttributes.Cause);
        Assert.Equal(EventType.WorkflowTaskFailed, events.Last().EventType);
        Assert.Equal(handle.Id, retried.WorkflowExecution.WorkflowId);
    }

    [Fact]
    public async Task TestService_UnlockWithSleep_AdvancesVirtualTimeWhileIdle()
    {
        var before = (await Client.Connection.TestService.GetCurrentTimeAsync(new Empty())).Time.ToDateTimeOffset();

        await Client.Connection.TestService.UnlockTimeSkippingWithSleepAsync(new SleepRequest { Duration = Duration.FromTimeSpan(TimeSpan.FromHours(6)) });
        var after = (await Client.Connection.TestService.GetCurrentTimeAsync(new Empty())).Time.ToDateTimeOffset();

        Assert.True(after - before >= TimeSpan.FromHours(6), $"Virtual time moved only {after - before}.");
    }

    [Fact]
    public async Task TestService_UnlockMoreThanLocked_FailsWithoutBreakingTheLockCount()
    {
        await Client.Connection.TestService.UnlockTimeSkippingAsync(new UnlockTimeSkippingRequest());
        var failure = await Assert.ThrowsAsync<RpcException>(
            () => Client.Connection.TestService.UnlockTimeSkippingAsync(new UnlockTimeSkippingRequest()));
        await Client.Connection.TestService.LockTimeSkippingAsync(new LockTimeSkippingRequest());

        Assert.Equal(RpcException.StatusCode.FailedPrecondition, failure.Code);
    }
}
