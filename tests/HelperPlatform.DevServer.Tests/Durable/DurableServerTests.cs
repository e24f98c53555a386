using System.Diagnostics;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace HelperPlatform.DevServer.Tests.Durable;

/// <summary>
/// A durable dev server stopped mid-flight, cleanly or as a crash (nothing flushed, calls cut off), and a new one
/// started on the same database and port: real workers and clients carry on against it.
/// </summary>
public sealed class DurableServerTests
{
    [Fact]
    public async Task WaitingTimer_ServerStoppedAndStartedAgain_FiresAndTheWorkflowCompletes()
    {
        var options = await ThrowawayPostgres.DurableOptionsAsync(timeSkipping: true);
        var (id, taskQueue) = NewIds();
        await using (var first = await TemporalDevServer.StartAsync(options))
        {
            var client = await ConnectAsync(first);
            await WithWorkerAsync(client, taskQueue, worker => worker.AddWorkflow<SleepWorkflow>(), async () =>
            {
                var handle = await client.StartWorkflowAsync((SleepWorkflow wf) => wf.RunAsync(TimeSpan.FromDays(14)), new(id, taskQueue));
                await WaitForEventAsync(handle, EventType.TimerStarted);
            });
        }

        await using var second = await TemporalDevServer.StartAsync(options);
        var resumed = await ConnectAsync(second);
        var result = await WithWorkerAsync(resumed, taskQueue, worker => worker.AddWorkflow<SleepWorkflow>(), async () =>
        {
            using (second.AutoSkipTime())
            {
                return await resumed.GetWorkflowHandle<SleepWorkflow>(id).GetResultAsync<string>();
            }
        });

        Assert.Equal("woke", result);
        var events = await EventTypesAsync(resumed.GetWorkflowHandle(id));
        Assert.Single(events, type => type == EventType.TimerStarted);
        Assert.Single(events, type => type == EventType.TimerFired);
    }

    [Fact]
    public async Task MemoKeyOverwrittenTwice_ServerCrashed_IsReadBackWithItsLastValue_AndTheWorkflowCompletes()
    {
        var options = await ThrowawayPostgres.DurableOptionsAsync(timeSkipping: true);
        var (id, taskQueue) = NewIds();
        var first = await TemporalDevServer.StartAsync(options);
        var client = await ConnectAsync(first);
        await WithWorkerAsync(client, taskQueue, worker => worker.AddWorkflow<MemoWorkflow>(), async () =>
        {
            var handle = await client.StartWorkflowAsync(
                (MemoWorkflow wf) => wf.RunAsync(TimeSpan.FromDays(1)), new(id, taskQueue) { Memo = new Dictionary<string, object> { ["note"] = "initial" } });
            await WaitForEventAsync(handle, EventType.TimerStarted);
        });
        await first.CrashAsync();

        await using var second = await TemporalDevServer.StartAsync(options);
        var resumed = await ConnectAsync(second);
        var memo = (await resumed.GetWorkflowHandle(id).DescribeAsync()).Memo;
        var result = await WithWorkerAsync(resumed, taskQueue, worker => worker.AddWorkflow<MemoWorkflow>(), async () =>
        {
            using (second.AutoSkipTime())
            {
                return await resumed.GetWorkflowHandle<MemoWorkflow>(id).GetResultAsync<string>();
            }
        });

        Assert.Equal("second", await memo["note"].ToValueAsync<string>());
        Assert.Equal("woke", result);
    }

    [Fact]
    public async Task TimerDueWhileTheServerWasDown_ServerCrashed_FiresAtOnceOnRestart()
    {
        var options = await ThrowawayPostgres.DurableOptionsAsync();
        var (id, taskQueue) = NewIds();
        var first = await TemporalDevServer.StartAsync(options);
        var client = await ConnectAsync(first);
        await WithWorkerAsync(client, taskQueue, worker => worker.AddWorkflow<SleepWorkflow>(), async () =>
        {
            var handle = await client.StartWorkflowAsync((SleepWorkflow wf) => wf.RunAsync(TimeSpan.FromSeconds(1)), new(id, taskQueue));
            await WaitForEventAsync(handle, EventType.TimerStarted);
        });
        await first.CrashAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));

        var restartedAt = Stopwatch.StartNew();
        await using var second = await TemporalDevServer.StartAsync(options);
        var resumed = await ConnectAsync(second);
        var result = await WithWorkerAsync(
            resumed, taskQueue, worker => worker.AddWorkflow<SleepWorkflow>(), () => resumed.GetWorkflowHandle<SleepWorkflow>(id).GetResultAsync<string>());

        Assert.Equal("woke", result);
        Assert.True(restartedAt.Elapsed < TimeSpan.FromSeconds(5), $"The late timer took {restartedAt.Elapsed} after the restart.");
    }

    [Fact]
    public async Task ActivityInFlight_ServerCrashed_IsRetriedWithTheNextAttemptAndItsHeartbeat()
    {
        var options = await ThrowawayPostgres.DurableOptionsAsync();
        var (id, taskQueue) = NewIds();
        var activities = new CrashActivities();
        void Register(TemporalWorkerOptions worker) => worker.AddWorkflow<RetriedActivityWorkflow>().AddAllActivities(activities);
        var first = await TemporalDevServer.StartAsync(options);
        var client = await ConnectAsync(first);
        var result = await WithWorkerAsync(client, taskQueue, Register, async () =>
        {
            var handle = await client.StartWorkflowAsync((RetriedActivityWorkflow wf) => wf.RunAsync(), new(id, taskQueue));
            await WaitUntilAsync(async () => (await DescribeAsync(client, id)).PendingActivities is [{ HeartbeatDetails: not null }]);
            await first.CrashAsync();

            // The worker stays: it reconnects to the server started on the same port, as to a restarted process.
            await using var second = await TemporalDevServer.StartAsync(options);
            var resumed = await ConnectAsync(second);
            var output = await resumed.GetWorkflowHandle<RetriedActivityWorkflow>(id).GetResultAsync<string>();
            var started = (await resumed.GetWorkflowHandle(id).FetchHistoryAsync()).Events
                .Single(historyEvent => historyEvent.EventType == EventType.ActivityTaskStarted);
            Assert.Equal(2, started.ActivityTaskStartedEventAttributes.Attempt);
            activities.Release();
            return output;
        });

        Assert.Equal("attempt 2 went on from halfway", result);
    }

    [Fact]
    public async Task SignalAndUpdateSentBeforeAnyWorker_ServerCrashed_TheWorkflowCompletesWithBoth()
    {
        var options = await ThrowawayPostgres.DurableOptionsAsync();
        var (id, taskQueue) = NewIds();
        var first = await TemporalDevServer.StartAsync(options);
        var client = await ConnectAsync(first);
        var handle = await client.StartWorkflowAsync((SignalAndUpdateWorkflow wf) => wf.RunAsync(), new(id, taskQueue));
        await handle.SignalAsync(wf => wf.FinishAsync("signalled"));
        var updateBeforeCrash = Record.ExceptionAsync(() => handle.ExecuteUpdateAsync(wf => wf.SetNoteAsync("kept"), new("note-update")));
        await WaitUntilAsync(() => Task.FromResult(first.HasUpdate(id, "note-update")));
        await first.WaitUntilStoredAsync();
        await first.CrashAsync();

        await using var second = await TemporalDevServer.StartAsync(options);
        var resumed = await ConnectAsync(second);
        var (updateResult, result) = await WithWorkerAsync(resumed, taskQueue, worker => worker.AddWorkflow<SignalAndUpdateWorkflow>(), async () =>
        {
            var resumedHandle = resumed.GetWorkflowHandle<SignalAndUpdateWorkflow>(id);
            var updated = await resumedHandle.ExecuteUpdateAsync(wf => wf.SetNoteAsync("kept"), new("note-update"));
            return (updated, await resumedHandle.GetResultAsync<string>());
        });
        // The first call either followed its server down or was answered by the next one; only the outcome counts here.
        await updateBeforeCrash;

        Assert.Equal("noted kept", updateResult);
        Assert.Equal("kept / signalled", result);
    }

    [Fact]
    public async Task ClosedAndRunningWorkflows_ServerCrashed_ResultsHistoryVisibilityAndStartRequestIdsSurvive()
    {
        var options = await ThrowawayPostgres.DurableOptionsAsync();
        var (closedId, taskQueue) = NewIds();
        var first = await TemporalDevServer.StartAsync(options);
        var client = await ConnectAsync(first);
        await WithWorkerAsync(
            client, taskQueue, worker => worker.AddWorkflow<EchoWorkflow>(),
            () => client.ExecuteWorkflowAsync((EchoWorkflow wf) => wf.RunAsync("still here"), new(closedId, taskQueue)));
        var historyBefore = await EventTypesAsync(client.GetWorkflowHandle(closedId));
        var start = new StartWorkflowExecutionRequest
        {
            Namespace = client.Options.Namespace,
            WorkflowId = $"wf-{Guid.NewGuid()}",
            WorkflowType = new() { Name = nameof(EchoWorkflow) },
            TaskQueue = new() { Name = $"tq-{Guid.NewGuid()}" },
            RequestId = Guid.NewGuid().ToString(),
        };
        var running = await client.WorkflowService.StartWorkflowExecutionAsync(start);
        await first.CrashAsync();

        await using var second = await TemporalDevServer.StartAsync(options);
        var resumed = await ConnectAsync(second);
        var closed = resumed.GetWorkflowHandle(closedId);
        Assert.Equal("still here", await closed.GetResultAsync<string>());
        Assert.Equal(historyBefore, await EventTypesAsync(closed));
        Assert.Equal(WorkflowExecutionStatus.Completed, (await DescribeAsync(resumed, closedId)).WorkflowExecutionInfo.Status);
        var listed = new List<WorkflowExecution>();
        await foreach (var execution in resumed.ListWorkflowsAsync($"WorkflowType = '{nameof(EchoWorkflow)}'"))
        {
            listed.Add(execution);
        }
        Assert.Equal(
            [(start.WorkflowId, WorkflowExecutionStatus.Running), (closedId, WorkflowExecutionStatus.Completed)],
            listed.Select(execution => (execution.Id, execution.Status)).OrderBy(entry => entry.Status));
        Assert.Equal(2, (await resumed.CountWorkflowsAsync($"WorkflowType = '{nameof(EchoWorkflow)}'")).Count);

        var retried = await resumed.WorkflowService.StartWorkflowExecutionAsync(start);
        Assert.Equal(running.RunId, retried.RunId);
        start.RequestId = Guid.NewGuid().ToString();
        var refused = await Assert.ThrowsAsync<RpcException>(() => resumed.WorkflowService.StartWorkflowExecutionAsync(start));
        Assert.Equal(RpcException.StatusCode.AlreadyExists, refused.Code);
        await resumed.GetWorkflowHandle(start.WorkflowId).TerminateAsync();
    }

    [Fact]
    public async Task SecondServerOnTheSameSchema_IsRefused_AndTheSchemaIsFreeOnceTheFirstCrashed()
    {
        var options = await ThrowawayPostgres.DurableOptionsAsync();
        var first = await TemporalDevServer.StartAsync(options);

        var refused = await Assert.ThrowsAsync<Persistence.DevServerDatabaseException>(
            () => TemporalDevServer.StartAsync(new DevServerOptions { DatabaseConnectionString = options.DatabaseConnectionString, DatabaseSchema = options.DatabaseSchema }));
        await first.CrashAsync();
        await using var next = await TemporalDevServer.StartAsync(options);

        Assert.Equal($"Another dev server is using schema {options.DatabaseSchema} of this database.", refused.Message);
    }

    [Fact]
    public async Task UnreachableDatabase_IsSaidInOneLine()
    {
        var options = new DevServerOptions { DatabaseConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2" };

        var refused = await Assert.ThrowsAsync<Persistence.DevServerDatabaseException>(() => TemporalDevServer.StartAsync(options));

        Assert.StartsWith("The dev server's database is unreachable: ", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    private static (string Id, string TaskQueue) NewIds() => ($"wf-{Guid.NewGuid()}", $"tq-{Guid.NewGuid()}");

    private static Task<TemporalClient> ConnectAsync(TemporalDevServer server) =>
        TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));

    private static async Task<TResult> WithWorkerAsync<TResult>(
        ITemporalClient client, string taskQueue, Action<TemporalWorkerOptions> register, Func<Task<TResult>> scenario)
    {
        var options = new TemporalWorkerOptions(taskQueue);
        register(options);
        using var worker = new TemporalWorker(client, options);
        return await worker.ExecuteAsync(scenario);
    }

    private static async Task WithWorkerAsync(ITemporalClient client, string taskQueue, Action<TemporalWorkerOptions> register, Func<Task> scenario) =>
        await WithWorkerAsync(client, taskQueue, register, async () =>
        {
            await scenario();
            return true;
        });

    private static Task<DescribeWorkflowExecutionResponse> DescribeAsync(TemporalClient client, string workflowId) =>
        client.WorkflowService.DescribeWorkflowExecutionAsync(
            new() { Namespace = client.Options.Namespace, Execution = new() { WorkflowId = workflowId } });

    private static async Task<List<EventType>> EventTypesAsync(WorkflowHandle handle) =>
        [.. (await handle.FetchHistoryAsync()).Events.Select(historyEvent => historyEvent.EventType)];

    private static Task WaitForEventAsync(WorkflowHandle handle, EventType eventType) =>
        WaitUntilAsync(async () => (await EventTypesAsync(handle)).Contains(eventType));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "The server did not get there in 20 seconds.");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
