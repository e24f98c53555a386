using System.Collections.Concurrent;
using HelperPlatform.DevServer;
using HelperPlatform.Workflows.Warehouse;
using Temporalio.Activities;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace HelperPlatform.Tests.Warehouse;

/// <summary>
/// A staff confirmation repeated while the first is still being written (PostgreSQL slow or down, the write retrying)
/// journals one event and gets the first one's answer, for the hand-over and the assembly alike.
/// </summary>
public sealed class RepeatedConfirmationTests
{
    [Fact]
    public async Task Issued_RepeatedWhileTheFirstIsWritten_JournalsOneEvent_AndAnswersBothTheSame()
    {
        await using var temporal = await TemporalDevServer.StartAsync(new DevServerOptions());
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(temporal.Address));
        var picks = new SlowPickRecords();
        var queue = $"handover-{Guid.NewGuid()}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<KitHandOverWorkflow>().AddAllActivities(picks));
        var orderId = Guid.NewGuid();

        await worker.ExecuteAsync(async () =>
        {
            var handle = await client.StartWorkflowAsync(
                (KitHandOverWorkflow workflow) => workflow.RunAsync(new HandOverRequest(orderId, "worker-7")),
                new WorkflowOptions(KitHandOverWorkflow.WorkflowId(orderId), queue));
            await picks.WaitForAsync(PickStage.ReadyForHandOver);
            picks.Hold(PickStage.Issued);

            var first = handle.ExecuteUpdateAsync(workflow => workflow.ConfirmIssuedAsync(new StaffConfirmation("staff-1")));
            await picks.WaitForAsync(PickStage.Issued);
            var repeated = handle.ExecuteUpdateAsync(workflow => workflow.ConfirmIssuedAsync(new StaffConfirmation("staff-1")));
            // The repeat reaches the workflow while the first write is still held.
            await Task.Delay(TimeSpan.FromSeconds(1));
            picks.Release();

            Assert.Equal(await first, await repeated);
            Assert.Equal(await first, await handle.GetResultAsync());
        });

        Assert.Single(picks.EventIds(PickStage.Issued));
    }

    [Fact]
    public async Task Assembled_RepeatedWhileTheFirstIsWritten_JournalsOneEvent_AndAnswersBothTheSame()
    {
        await using var temporal = await TemporalDevServer.StartAsync(new DevServerOptions());
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(temporal.Address));
        var picks = new SlowPickRecords();
        var queue = $"pick-{Guid.NewGuid()}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<PickingWorkflow>().AddAllActivities(picks));
        var orderId = Guid.NewGuid();

        await worker.ExecuteAsync(async () =>
        {
            var nothingToPick = new PickRequest(orderId, []);
            var handle = await client.StartWorkflowAsync(
                (PickingWorkflow workflow) => workflow.RunAsync(nothingToPick),
                new WorkflowOptions(PickingWorkflow.WorkflowId(orderId), queue));
            await picks.WaitForReservationAsync();
            picks.Hold(PickStage.Assembled);

            var first = ConfirmAssembledWhenReadyAsync(handle);
            await picks.WaitForAsync(PickStage.Assembled);
            var repeated = handle.ExecuteUpdateAsync(workflow => workflow.ConfirmAssembledAsync(new StaffConfirmation("staff-2")));
            await Task.Delay(TimeSpan.FromSeconds(1));
            picks.Release();

            Assert.Equal(await first, await repeated);
            Assert.Equal(await first, await handle.GetResultAsync());
        });

        Assert.Single(picks.EventIds(PickStage.Assembled));
    }

    /// <summary>The reservation's local activity has returned, but the workflow may not have reached the assembly stage yet.</summary>
    private static async Task<KitAssembled> ConfirmAssembledWhenReadyAsync(WorkflowHandle<PickingWorkflow> handle)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await handle.ExecuteUpdateAsync(workflow => workflow.ConfirmAssembledAsync(new StaffConfirmation("staff-2")));
            }
            catch (WorkflowUpdateFailedException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The pick's records, in memory: a stage can be held, as a write retrying against a database that is down.</summary>
    private sealed class SlowPickRecords : IPickingActivities
    {
        private readonly ConcurrentQueue<PickProgress> recorded = new();
        private readonly TaskCompletionSource reserved = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource gate = Completed();
        private PickStage? held;

        public void Hold(PickStage stage)
        {
            held = stage;
            gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => gate.TrySetResult();

        public Task WaitForReservationAsync() => reserved.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public async Task WaitForAsync(PickStage stage)
        {
            var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
            while (!recorded.Any(progress => progress.Stage == stage))
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, $"Nothing recorded the stage {stage}.");
                await Task.Delay(20);
            }
        }

        public IEnumerable<Guid> EventIds(PickStage stage) =>
            recorded.Where(progress => progress.Stage == stage && progress.Event is not null).Select(progress => progress.Event!.EventId).Distinct();

        [Activity]
        public Task<IReadOnlyList<StockShortage>> ReserveStockAsync(PickRequest pick)
        {
            reserved.TrySetResult();
            return Task.FromResult<IReadOnlyList<StockShortage>>([]);
        }

        [Activity]
        public async Task RecordPickProgressAsync(PickProgress progress)
        {
            recorded.Enqueue(progress);
            if (progress.Stage == held)
            {
                await gate.Task;
            }
        }

        [Activity]
        public Task<bool> ReleaseStockReservationAsync(Guid orderId) => Task.FromResult(false);

        private static TaskCompletionSource Completed()
        {
            var completed = new TaskCompletionSource();
            completed.SetResult();
            return completed;
        }
    }
}
