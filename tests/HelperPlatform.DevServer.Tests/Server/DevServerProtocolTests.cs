using Google.Protobuf.WellKnownTypes;
using HelperPlatform.DevServer.Tests.Conformance;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TestService.V1;
using Temporalio.Api.WorkflowService.V1;
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
        var failure = await Assert.ThrowsAsync<RpcException>(() => Client.Connection.CheckHealthAsync());

        Assert.Equal(RpcException.StatusCode.Unimplemented, failure.Code);
        Assert.Contains("grpc.health.v1.Health/Check", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnimplementedMethodOfAServedService_AnswersUnimplementedNamingTheMethod()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(
            () => Client.Connection.OperatorService.AddSearchAttributesAsync(new() { Namespace = Server.Namespace }));

        Assert.Equal(RpcException.StatusCode.Unimplemented, failure.Code);
        Assert.Contains("AddSearchAttributes", failure.Message, StringComparison.Ordinal);
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
        var (handle, taskQueue) = await StartWorkflowDrivenByTheTestAsync();
        var task = await PollWorkflowTaskAsync(taskQueue);

        // A valid command first: the refusal must keep it out of history too.
        var failure = await Assert.ThrowsAsync<RpcException>(() => CompleteWorkflowTaskAsync(
            task,
            [
                StartTimer("1"),
                new Command
                {
                    CommandType = CommandType.ProtocolMessage,
                    ProtocolMessageCommandAttributes = new() { MessageId = "not-in-this-completion" },
                },
            ]));
        var events = (await handle.FetchHistoryAsync()).Events;
        var retried = await PollWorkflowTaskAsync(taskQueue);

        Assert.Equal(RpcException.StatusCode.InvalidArgument, failure.Code);
        Assert.Contains("not-in-this-completion", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.EventType is EventType.WorkflowTaskCompleted or EventType.TimerStarted);
        var failed = Assert.Single(events, e => e.EventType == EventType.WorkflowTaskFailed);
        Assert.Equal(WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage, failed.WorkflowTaskFailedEventAttributes.Cause);
        Assert.Equal(EventType.WorkflowTaskFailed, events.Last().EventType);
        Assert.Equal(handle.Id, retried.WorkflowExecution.WorkflowId);
    }

    [Fact]
    public async Task CompleteWorkflowTask_StartingATimerWithTheIdOfAPendingTimer_FailsTheTaskAndLeavesThePendingTimer()
    {
        var (handle, taskQueue, task) = await StartWithPendingTimerAsync("sleep");

        // A valid command first: the refusal must keep it out of history too.
        var events = await CompleteExpectingRefusalAsync(
            handle, task, WorkflowTaskFailedCause.StartTimerDuplicateId, [StartTimer("other"), StartTimer("sleep")]);

        var pending = Assert.Single(events, e => e.EventType == EventType.TimerStarted);
        Assert.Equal("sleep", pending.TimerStartedEventAttributes.TimerId);
        await AssertTimerFiresAndWorkflowCompletesAsync(handle, taskQueue, pending);
    }

    [Fact]
    public async Task CompleteWorkflowTask_StartingTwoTimersWithOneId_FailsTheTaskAndStartsNeither()
    {
        var (handle, taskQueue, task) = await StartWithPendingTimerAsync("sleep");

        var events = await CompleteExpectingRefusalAsync(
            handle, task, WorkflowTaskFailedCause.StartTimerDuplicateId, [StartTimer("twice"), StartTimer("twice")]);

        var pending = Assert.Single(events, e => e.EventType == EventType.TimerStarted);
        Assert.Equal("sleep", pending.TimerStartedEventAttributes.TimerId);
        await AssertTimerFiresAndWorkflowCompletesAsync(handle, taskQueue, pending);
    }

    [Fact]
    public async Task CompleteWorkflowTask_CancellingATimerAndStartingItsIdAgain_IsAccepted()
    {
        var (handle, taskQueue, task) = await StartWithPendingTimerAsync("sleep");

        await CompleteWorkflowTaskAsync(task, [CancelTimer("sleep"), StartTimer("sleep")]);
        var events = (await handle.FetchHistoryAsync()).Events;

        Assert.DoesNotContain(events, e => e.EventType == EventType.WorkflowTaskFailed);
        Assert.Equal(
            [EventType.WorkflowTaskCompleted, EventType.TimerCanceled, EventType.TimerStarted],
            events.Where(e => e.EventId > task.StartedEventId).Select(e => e.EventType));
        await AssertTimerFiresAndWorkflowCompletesAsync(handle, taskQueue, events.Last());
    }

    [Fact]
    public async Task CompleteWorkflowTask_SchedulingAnActivityWithTheIdOfAPendingActivity_FailsTheTaskAndLeavesThePendingActivity()
    {
        var (handle, taskQueue, activityQueue, task) = await StartWithPendingActivityAsync("charge");

        // A valid command first: the refusal must keep it out of history too.
        var events = await CompleteExpectingRefusalAsync(
            handle, task, WorkflowTaskFailedCause.ScheduleActivityDuplicateId,
            [ScheduleActivity("refund", activityQueue), ScheduleActivity("charge", activityQueue)]);

        var pending = Assert.Single(events, e => e.EventType == EventType.ActivityTaskScheduled);
        Assert.Equal("charge", pending.ActivityTaskScheduledEventAttributes.ActivityId);
        var activityTask = await PollActivityTaskAsync(activityQueue);
        await AssertActivityCompletesAndWorkflowCompletesAsync(handle, taskQueue, pending, activityTask);
    }

    [Fact]
    public async Task CompleteWorkflowTask_SchedulingTwoActivitiesWithOneId_FailsTheTaskAndSchedulesNeither()
    {
        var (handle, taskQueue, activityQueue, task) = await StartWithPendingActivityAsync("charge");

        var events = await CompleteExpectingRefusalAsync(
            handle, task, WorkflowTaskFailedCause.ScheduleActivityDuplicateId,
            [ScheduleActivity("twice", activityQueue), ScheduleActivity("twice", activityQueue)]);

        var pending = Assert.Single(events, e => e.EventType == EventType.ActivityTaskScheduled);
        Assert.Equal("charge", pending.ActivityTaskScheduledEventAttributes.ActivityId);
        var activityTask = await PollActivityTaskAsync(activityQueue);
        await AssertActivityCompletesAndWorkflowCompletesAsync(handle, taskQueue, pending, activityTask);
    }

    [Fact]
    public async Task CompleteWorkflowTask_CancellingAStartedActivityAndSchedulingItsIdAgain_FailsTheTask()
    {
        var (handle, taskQueue, activityQueue, task) = await StartWithPendingActivityAsync("charge");
        var activityTask = await PollActivityTaskAsync(activityQueue);
        var scheduled = (await handle.FetchHistoryAsync()).Events.Single(e => e.EventType == EventType.ActivityTaskScheduled);

        // A started activity only learns of the cancellation from its next heartbeat, so its id stays taken.
        await CompleteExpectingRefusalAsync(
            handle, task, WorkflowTaskFailedCause.ScheduleActivityDuplicateId,
            [RequestCancelActivity(scheduled.EventId), ScheduleActivity("charge", activityQueue)]);

        await AssertActivityCompletesAndWorkflowCompletesAsync(handle, taskQueue, scheduled, activityTask);
    }

    [Fact]
    public async Task CompleteWorkflowTask_CancellingAnUnstartedActivityAndSchedulingItsIdAgain_IsAccepted()
    {
        var (handle, taskQueue, activityQueue, task) = await StartWithPendingActivityAsync("charge");
        var cancelled = (await handle.FetchHistoryAsync()).Events.Single(e => e.EventType == EventType.ActivityTaskScheduled);

        await CompleteWorkflowTaskAsync(task, [RequestCancelActivity(cancelled.EventId), ScheduleActivity("charge", activityQueue)]);
        var events = (await handle.FetchHistoryAsync()).Events;

        Assert.DoesNotContain(events, e => e.EventType == EventType.WorkflowTaskFailed);
        Assert.Equal(
            [EventType.WorkflowTaskCompleted, EventType.ActivityTaskCancelRequested, EventType.ActivityTaskCanceled, EventType.ActivityTaskScheduled],
            events.Where(e => e.EventId > task.StartedEventId).Select(e => e.EventType));
        var activityTask = await PollActivityTaskAsync(activityQueue);
        await AssertActivityCompletesAndWorkflowCompletesAsync(handle, taskQueue, events.Last(), activityTask);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("late", -1)]
    public async Task CompleteWorkflowTask_StartingATimerWithoutIdOrWithANegativeDuration_FailsTheTaskAndLeavesThePendingTimer(
        string timerId, int startToFireSeconds)
    {
        var (handle, taskQueue, task) = await StartWithPendingTimerAsync("sleep");

        var events = await CompleteExpectingRefusalAsync(
            handle, task, WorkflowTaskFailedCause.BadStartTimerAttributes,
            [StartTimer("other"), StartTimer(timerId, TimeSpan.FromSeconds(startToFireSeconds))]);

        var pending = Assert.Single(events, e => e.EventType == EventType.TimerStarted);
        Assert.Equal("sleep", pending.TimerStartedEventAttributes.TimerId);
        await AssertTimerFiresAndWorkflowCompletesAsync(handle, taskQueue, pending);
    }

    [Theory]
    [InlineData("never-started")]
    [InlineData("")]
    public async Task CompleteWorkflowTask_CancellingATimerThatIsNotPending_FailsTheTaskAndLeavesThePendingTimer(string timerId)
    {
        var (handle, taskQueue, task) = await StartWithPendingTimerAsync("sleep");

        // A valid command first: the refusal must keep it out of history too.
        var events = await CompleteExpectingRefusalAsync(
            handle, task, WorkflowTaskFailedCause.BadCancelTimerAttributes, [StartTimer("other"), CancelTimer(timerId)]);

        var pending = Assert.Single(events, e => e.EventType == EventType.TimerStarted);
        Assert.Equal("sleep", pending.TimerStartedEventAttributes.TimerId);
        await AssertTimerFiresAndWorkflowCompletesAsync(handle, taskQueue, pending);
    }

    [Fact]
    public async Task CompleteWorkflowTask_CancellingOneTimerTwice_FailsTheTaskAndLeavesTheTimerPending()
    {
        var (handle, taskQueue, task) = await StartWithPendingTimerAsync("sleep");

        // The first cancel alone would be accepted; the second names a timer the first already removed.
        var events = await CompleteExpectingRefusalAsync(
            handle, task, WorkflowTaskFailedCause.BadCancelTimerAttributes, [CancelTimer("sleep"), CancelTimer("sleep")]);

        var pending = Assert.Single(events, e => e.EventType == EventType.TimerStarted);
        Assert.DoesNotContain(events, e => e.EventType == EventType.TimerCanceled);
        await AssertTimerFiresAndWorkflowCompletesAsync(handle, taskQueue, pending);
    }

    [Fact]
    public async Task CompleteWorkflowTask_CancellingAnUnstartedActivity_SchedulesAWorkflowTaskThatShowsTheCancellation()
    {
        var (handle, taskQueue, _, task) = await StartWithPendingActivityAsync("charge");
        var cancelled = (await handle.FetchHistoryAsync()).Events.Single(e => e.EventType == EventType.ActivityTaskScheduled);

        await CompleteWorkflowTaskAsync(task, [RequestCancelActivity(cancelled.EventId)]);
        var next = await PollWorkflowTaskAsync(taskQueue);
        await CompleteWorkflowTaskAsync(next, [CompleteWorkflow()]);
        var events = (await handle.FetchHistoryAsync()).Events;

        Assert.Equal(
            [EventType.WorkflowTaskCompleted, EventType.ActivityTaskCancelRequested, EventType.ActivityTaskCanceled, EventType.WorkflowTaskScheduled],
            events.Where(e => e.EventId > task.StartedEventId && e.EventId < next.StartedEventId).Select(e => e.EventType));
        var seen = Assert.Single(next.History.Events, e => e.EventType == EventType.ActivityTaskCanceled);
        Assert.Equal(cancelled.EventId, seen.ActivityTaskCanceledEventAttributes.ScheduledEventId);
        Assert.Equal(EventType.WorkflowExecutionCompleted, events.Last().EventType);
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

    /// <summary>Starts a workflow no worker runs: the test answers its workflow tasks itself.</summary>
    private async Task<(WorkflowHandle Handle, string TaskQueue)> StartWorkflowDrivenByTheTestAsync()
    {
        var taskQueue = $"tq-{Guid.NewGuid()}";
        var handle = await Client.StartWorkflowAsync("DrivenByTheTest", [], new($"wf-{Guid.NewGuid()}", taskQueue));
        return (handle, taskQueue);
    }

    /// <summary>A workflow whose first task started a one-hour timer, and its second task, started.</summary>
    private async Task<(WorkflowHandle Handle, string TaskQueue, PollWorkflowTaskQueueResponse Task)> StartWithPendingTimerAsync(string timerId)
    {
        var (handle, taskQueue) = await StartWorkflowDrivenByTheTestAsync();
        await CompleteWorkflowTaskAsync(await PollWorkflowTaskAsync(taskQueue), [StartTimer(timerId)], forceNewTask: true);
        return (handle, taskQueue, await PollWorkflowTaskAsync(taskQueue));
    }

    /// <summary>A workflow whose first task scheduled an activity on its own queue, and its second task, started.</summary>
    private async Task<(WorkflowHandle Handle, string TaskQueue, string ActivityQueue, PollWorkflowTaskQueueResponse Task)>
        StartWithPendingActivityAsync(string activityId)
    {
        var (handle, taskQueue) = await StartWorkflowDrivenByTheTestAsync();
        var activityQueue = $"activities-{Guid.NewGuid()}";
        await CompleteWorkflowTaskAsync(
            await PollWorkflowTaskAsync(taskQueue), [ScheduleActivity(activityId, activityQueue)], forceNewTask: true);
        return (handle, taskQueue, activityQueue, await PollWorkflowTaskAsync(taskQueue));
    }

    /// <summary>Sends a completion the server must refuse and returns the history as the refusal left it.</summary>
    private async Task<IReadOnlyCollection<HistoryEvent>> CompleteExpectingRefusalAsync(
        WorkflowHandle handle, PollWorkflowTaskQueueResponse task, WorkflowTaskFailedCause cause, Command[] commands)
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => CompleteWorkflowTaskAsync(task, commands));
        var events = (await handle.FetchHistoryAsync()).Events;

        Assert.Equal(RpcException.StatusCode.InvalidArgument, failure.Code);
        Assert.DoesNotContain(
            events, e => e.EventType == EventType.WorkflowTaskCompleted && e.WorkflowTaskCompletedEventAttributes.StartedEventId == task.StartedEventId);
        // Nothing of the completion is written: the task's failure is the only event after its start.
        var failed = Assert.Single(events, e => e.EventId > task.StartedEventId);
        Assert.Equal(EventType.WorkflowTaskFailed, failed.EventType);
        Assert.Equal(task.StartedEventId, failed.WorkflowTaskFailedEventAttributes.StartedEventId);
        Assert.Equal(cause, failed.WorkflowTaskFailedEventAttributes.Cause);
        return events;
    }

    /// <summary>Fires the timer by skipping past it, then has the workflow task that shows it complete the workflow.</summary>
    private async Task AssertTimerFiresAndWorkflowCompletesAsync(WorkflowHandle handle, string taskQueue, HistoryEvent timerStarted)
    {
        await Server.SkipTimeAsync(TimeSpan.FromHours(2));
        var task = await PollWorkflowTaskAsync(taskQueue);
        await CompleteWorkflowTaskAsync(task, [CompleteWorkflow()]);
        var events = (await handle.FetchHistoryAsync()).Events;

        var fired = Assert.Single(task.History.Events, e => e.EventType == EventType.TimerFired);
        Assert.Equal(timerStarted.TimerStartedEventAttributes.TimerId, fired.TimerFiredEventAttributes.TimerId);
        Assert.Equal(timerStarted.EventId, fired.TimerFiredEventAttributes.StartedEventId);
        Assert.Equal(EventType.WorkflowExecutionCompleted, events.Last().EventType);
    }

    /// <summary>Completes the activity, then has the workflow task that shows its result complete the workflow.</summary>
    private async Task AssertActivityCompletesAndWorkflowCompletesAsync(
        WorkflowHandle handle, string taskQueue, HistoryEvent activityScheduled, PollActivityTaskQueueResponse activityTask)
    {
        await Client.WorkflowService.RespondActivityTaskCompletedAsync(new()
        {
            Namespace = Server.Namespace,
            TaskToken = activityTask.TaskToken,
            Identity = "test",
        });
        var task = await PollWorkflowTaskAsync(taskQueue);
        await CompleteWorkflowTaskAsync(task, [CompleteWorkflow()]);
        var events = (await handle.FetchHistoryAsync()).Events;

        Assert.Equal(activityScheduled.ActivityTaskScheduledEventAttributes.ActivityId, activityTask.ActivityId);
        var completed = Assert.Single(task.History.Events, e => e.EventType == EventType.ActivityTaskCompleted);
        Assert.Equal(activityScheduled.EventId, completed.ActivityTaskCompletedEventAttributes.ScheduledEventId);
        Assert.Equal(EventType.WorkflowExecutionCompleted, events.Last().EventType);
    }

    private Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskAsync(string taskQueue) =>
        Client.WorkflowService.PollWorkflowTaskQueueAsync(new()
        {
            Namespace = Server.Namespace,
            TaskQueue = new() { Name = taskQueue },
            Identity = "test",
        });

    private Task<PollActivityTaskQueueResponse> PollActivityTaskAsync(string activityQueue) =>
        Client.WorkflowService.PollActivityTaskQueueAsync(new()
        {
            Namespace = Server.Namespace,
            TaskQueue = new() { Name = activityQueue },
            Identity = "test",
        });

    private Task<RespondWorkflowTaskCompletedResponse> CompleteWorkflowTaskAsync(
        PollWorkflowTaskQueueResponse task, Command[] commands, bool forceNewTask = false)
    {
        var completion = new RespondWorkflowTaskCompletedRequest
        {
            Namespace = Server.Namespace,
            TaskToken = task.TaskToken,
            Identity = "test",
            ForceCreateNewWorkflowTask = forceNewTask,
        };
        completion.Commands.Add(commands);
        return Client.WorkflowService.RespondWorkflowTaskCompletedAsync(completion);
    }

    /// <summary>A StartTimer command; one hour unless <paramref name="startToFire"/> says otherwise.</summary>
    private static Command StartTimer(string timerId, TimeSpan? startToFire = null) => new()
    {
        CommandType = CommandType.StartTimer,
        StartTimerCommandAttributes = new()
        {
            TimerId = timerId,
            StartToFireTimeout = Duration.FromTimeSpan(startToFire ?? TimeSpan.FromHours(1)),
        },
    };

    private static Command CancelTimer(string timerId) => new()
    {
        CommandType = CommandType.CancelTimer,
        CancelTimerCommandAttributes = new() { TimerId = timerId },
    };

    private static Command ScheduleActivity(string activityId, string activityQueue) => new()
    {
        CommandType = CommandType.ScheduleActivityTask,
        ScheduleActivityTaskCommandAttributes = new()
        {
            ActivityId = activityId,
            ActivityType = new() { Name = "Charge" },
            TaskQueue = new() { Name = activityQueue },
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)),
        },
    };

    private static Command RequestCancelActivity(long scheduledEventId) => new()
    {
        CommandType = CommandType.RequestCancelActivityTask,
        RequestCancelActivityTaskCommandAttributes = new() { ScheduledEventId = scheduledEventId },
    };

    private static Command CompleteWorkflow() => new()
    {
        CommandType = CommandType.CompleteWorkflowExecution,
        CompleteWorkflowExecutionCommandAttributes = new(),
    };
}
