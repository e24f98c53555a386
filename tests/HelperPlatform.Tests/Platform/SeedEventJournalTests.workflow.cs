using HelperPlatform.Activities.Ordering;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;
using Temporalio.Worker;
using Temporalio.Workflows;

namespace HelperPlatform.Tests.Platform;

/// <summary>
/// The host's context workers really run activities: a workflow on a test queue records a seed event on the
/// Ordering task queue, and the row lands in the ordering schema exactly once even when recorded twice.
/// </summary>
public sealed class SeedEventJournalTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    [Fact]
    public async Task RecordSeedEvent_OnTheContextQueue_StoresTheEventOnceInItsSchema()
    {
        await fixture.Host.WaitUntilReadyAsync();
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Host.Temporal.Address));
        var testQueue = $"tq-{Guid.NewGuid()}";
        var seedEvent = new SeedEvent(Guid.NewGuid(), $"order/{Guid.NewGuid()}", "HelpRequested", "client/42", DateTimeOffset.UtcNow, """{"price":"12.50"}""");
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(testQueue).AddWorkflow<RecordTwiceWorkflow>());

        await worker.ExecuteAsync(() => client.ExecuteWorkflowAsync(
            (RecordTwiceWorkflow workflow) => workflow.RunAsync(seedEvent, BoundedContext.Ordering.TaskQueue()),
            new WorkflowOptions($"journal-{Guid.NewGuid()}", testQueue)));

        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Events
            .Where(recorded => recorded.StreamId == seedEvent.StreamId).ToListAsync();
        var single = Assert.Single(stored);
        Assert.Equal(seedEvent.EventId, single.Id);
        Assert.Equal("HelpRequested", single.Type);
        Assert.Equal("client/42", single.Actor);
        Assert.Contains("12.50", single.DataJson, StringComparison.Ordinal);
    }
}

[Workflow]
public sealed class RecordTwiceWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(SeedEvent seedEvent, string contextTaskQueue)
    {
        var options = new ActivityOptions { TaskQueue = contextTaskQueue, StartToCloseTimeout = TimeSpan.FromSeconds(30) };
        // Twice, as a retry after a lost acknowledgement would: the journal must keep one row.
        await Workflow.ExecuteActivityAsync((ISeedEventJournalActivities journal) => journal.RecordSeedEventAsync(seedEvent), options);
        await Workflow.ExecuteActivityAsync((ISeedEventJournalActivities journal) => journal.RecordSeedEventAsync(seedEvent), options);
    }
}
