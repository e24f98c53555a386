using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.DevServer.Tests.Conformance;

public sealed class InteractionTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    /// <summary>Long enough for any healthy scenario; a hang fails the test instead of stalling the run.</summary>
    private static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Signal_TwoItemsThenCheckOut_WorkflowCompletesWithBoth()
    {
        var (result, history) = await WithCartAsync(async cart =>
        {
            await cart.SignalAsync(wf => wf.AddItemAsync("apple"));
            await cart.SignalAsync(wf => wf.AddItemAsync("pear"));
            await cart.SignalAsync(wf => wf.CheckOutAsync());
            return (await cart.GetResultAsync(), await cart.FetchHistoryAsync());
        });

        Assert.Equal("apple,pear at 0% off", result);
        Assert.Equal(3, history.Events.Count(e => e.EventType == EventType.WorkflowExecutionSignaled));
    }

    [Fact]
    public async Task Query_IdleWorkflow_ReturnsCurrentState()
    {
        var items = await WithCartAsync(async cart =>
        {
            await cart.SignalAsync(wf => wf.AddItemAsync("apple"));
            await WaitUntilSignalProcessedAsync(cart);
            return await cart.QueryAsync(wf => wf.Items);
        });

        Assert.Equal(["apple"], items);
    }

    [Fact]
    public async Task Query_CompletedWorkflow_ReplaysAndReturnsFinalState()
    {
        var items = await WithCartAsync(async cart =>
        {
            await cart.SignalAsync(wf => wf.AddItemAsync("apple"));
            await cart.SignalAsync(wf => wf.CheckOutAsync());
            await cart.GetResultAsync();
            return await cart.QueryAsync(wf => wf.Items);
        });

        Assert.Equal(["apple"], items);
    }

    [Fact]
    public async Task Query_ThrowingHandler_FailsWithQueryFailedException()
    {
        var failure = await WithCartAsync(cart => Assert.ThrowsAsync<WorkflowQueryFailedException>(() => cart.QueryAsync(wf => wf.Fail())));

        Assert.Contains("always fails", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ValidValue_ReturnsResultAndIsRecorded()
    {
        var (itemCount, discount, history) = await WithCartAsync(async cart =>
        {
            await cart.SignalAsync(wf => wf.AddItemAsync("apple"));
            var count = await cart.ExecuteUpdateAsync(wf => wf.SetDiscountAsync(15));
            var discount = await cart.QueryAsync(wf => wf.Discount);
            return (count, discount, await cart.FetchHistoryAsync());
        });

        Assert.Equal(1, itemCount);
        Assert.Equal(15, discount);
        Assert.Contains(history.Events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
        Assert.Contains(history.Events, e => e.EventType == EventType.WorkflowExecutionUpdateCompleted);
    }

    [Fact]
    public async Task Update_RejectedByValidator_FailsAndLeavesNoTraceInHistory()
    {
        var (failure, discount, history) = await WithCartAsync(async cart =>
        {
            var failure = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => cart.ExecuteUpdateAsync(wf => wf.SetDiscountAsync(150)));
            var discount = await cart.QueryAsync(wf => wf.Discount);
            return (failure, discount, await cart.FetchHistoryAsync());
        });

        Assert.Contains("between 0 and 100", failure.InnerException?.Message, StringComparison.Ordinal);
        Assert.Equal(0, discount);
        Assert.DoesNotContain(history.Events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
    }

    [Fact]
    public async Task Update_WhileQueriedInATightLoop_EveryUpdateCompletesAndTheWorkflowFinishes()
    {
        const int Updates = 20;
        var (results, finalCount) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<UpdateCounterWorkflow>().AddActivity(UpdateCounterActivities.Acknowledge),
            async taskQueue =>
            {
                var counter = await server.Client.StartWorkflowAsync(
                    (UpdateCounterWorkflow wf) => wf.RunAsync(Updates), new(id: $"counter-{Guid.NewGuid()}", taskQueue: taskQueue));
                using var stopQuerying = new CancellationTokenSource();
                var querying = QueryUntilCancelledAsync(counter, stopQuerying.Token);
                var results = new List<int>();
                for (var i = 0; i < Updates; i++)
                {
                    results.Add(await counter.ExecuteUpdateAsync(wf => wf.IncrementAsync()).WaitAsync(HangTimeout));
                }
                var finalCount = await counter.GetResultAsync().WaitAsync(HangTimeout);
                await stopQuerying.CancelAsync();
                await querying;
                return (results, finalCount);
            });

        Assert.Equal(Enumerable.Range(1, Updates), results);
        Assert.Equal(Updates, finalCount);
    }

    [Fact]
    public async Task SignalWithStart_NoRunningWorkflow_StartsItWithTheSignal()
    {
        var result = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<CartWorkflow>(),
            async taskQueue =>
            {
                var options = new WorkflowOptions(id: $"cart-{Guid.NewGuid()}", taskQueue: taskQueue);
                options.SignalWithStart((CartWorkflow wf) => wf.AddItemAsync("plum"));
                var cart = await server.Client.StartWorkflowAsync((CartWorkflow wf) => wf.RunAsync(), options);
                var again = new WorkflowOptions(id: cart.Id, taskQueue: taskQueue);
                again.SignalWithStart((CartWorkflow wf) => wf.CheckOutAsync());
                var sameCart = await server.Client.StartWorkflowAsync((CartWorkflow wf) => wf.RunAsync(), again);
                Assert.Equal(cart.ResultRunId, sameCart.ResultRunId);
                return await cart.GetResultAsync();
            });

        Assert.Equal("plum at 0% off", result);
    }

    [Fact]
    public async Task Worker_ReplacedMidWorkflow_NewWorkerFinishesIt()
    {
        var taskQueue = $"tq-{Guid.NewGuid()}";
        var cart = await server.Client.StartWorkflowAsync((CartWorkflow wf) => wf.RunAsync(), new($"cart-{Guid.NewGuid()}", taskQueue));
        await server.WithWorkerAsync(
            worker => worker.AddWorkflow<CartWorkflow>(),
            async _ =>
            {
                await cart.SignalAsync(wf => wf.AddItemAsync("before restart"));
                await WaitUntilSignalProcessedAsync(cart);
            },
            taskQueue);

        var result = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<CartWorkflow>(),
            async _ =>
            {
                await cart.SignalAsync(wf => wf.AddItemAsync("after restart"));
                await cart.SignalAsync(wf => wf.CheckOutAsync());
                return await cart.GetResultAsync();
            },
            taskQueue);

        Assert.Equal("before restart,after restart at 0% off", result);
    }

    /// <summary>Queries as fast as answers come back, so queries keep arriving while updates are in flight.</summary>
    private static async Task QueryUntilCancelledAsync(WorkflowHandle<UpdateCounterWorkflow, int> counter, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await counter.QueryAsync(wf => wf.Received).WaitAsync(HangTimeout, CancellationToken.None);
        }
    }

    private Task<TResult> WithCartAsync<TResult>(Func<WorkflowHandle<CartWorkflow, string>, Task<TResult>> scenario) =>
        server.WithWorkerAsync(
            worker => worker.AddWorkflow<CartWorkflow>(),
            async taskQueue => await scenario(await server.Client.StartWorkflowAsync(
                (CartWorkflow wf) => wf.RunAsync(), new(id: $"cart-{Guid.NewGuid()}", taskQueue: taskQueue))));

    /// <summary>Waits (on the server, by long-polling history) until a workflow task has completed after the signal.</summary>
    private static async Task WaitUntilSignalProcessedAsync(WorkflowHandle handle)
    {
        var signalled = false;
        await foreach (var historyEvent in handle.FetchHistoryEventsAsync(new() { WaitNewEvent = true }))
        {
            signalled |= historyEvent.EventType == EventType.WorkflowExecutionSignaled;
            if (signalled && historyEvent.EventType == EventType.WorkflowTaskCompleted)
            {
                return;
            }
        }
    }
}
