using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace HelperPlatform.DevServer.Tests.Conformance;

public sealed class WorkflowExecutionTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    [Fact]
    public async Task ExecuteWorkflow_WithOneActivity_ReturnsActivityResultAndRecordsHistory()
    {
        var (result, history) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<GreetingWorkflow>().AddActivity(GreetingActivities.Greet),
            async taskQueue =>
            {
                var handle = await server.Client.StartWorkflowAsync(
                    (GreetingWorkflow wf) => wf.RunAsync("Ada"), new(id: $"wf-{Guid.NewGuid()}", taskQueue: taskQueue));
                var result = await handle.GetResultAsync();
                return (result, await handle.FetchHistoryAsync());
            });

        Assert.Equal("Hello, Ada!", result);
        Assert.Equal(
            [
                EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted,
                EventType.ActivityTaskScheduled, EventType.ActivityTaskStarted, EventType.ActivityTaskCompleted,
                EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted, EventType.WorkflowExecutionCompleted,
            ],
            history.Events.Select(historyEvent => historyEvent.EventType));
    }

    [Fact]
    public async Task ExecuteWorkflow_SleepingFourteenDays_CompletesWithVirtualTimeAdvanced()
    {
        var sleep = server.LongOrShort(TimeSpan.FromDays(14), TimeSpan.FromSeconds(2));
        var before = DateTime.UtcNow;
        var wokeAt = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<SleepingWorkflow>(),
            async taskQueue =>
            {
                using var skipping = server.AutoSkipTime();
                return await server.Client.ExecuteWorkflowAsync(
                    (SleepingWorkflow wf) => wf.RunAsync(sleep), new(id: $"wf-{Guid.NewGuid()}", taskQueue: taskQueue));
            });

        Assert.True(wokeAt - before >= sleep, $"The workflow woke at {wokeAt:O}, before {sleep} had passed since {before:O}.");
    }
}
