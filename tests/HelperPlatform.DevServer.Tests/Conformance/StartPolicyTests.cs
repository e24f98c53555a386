using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.DevServer.Tests.Conformance;

/// <summary>Workflow id uniqueness: conflict policies while running, reuse policies once closed, request-id dedupe.</summary>
public sealed class StartPolicyTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    [Fact]
    public async Task Start_SameIdWhileRunning_FailsWithAlreadyStarted()
    {
        var (first, failure) = await WithRunningAsync(async (options, first) =>
            (first, await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => StartAsync(options))));

        Assert.Equal(first.ResultRunId, failure.RunId);
    }

    [Fact]
    public async Task Start_SameIdWithUseExisting_ReturnsTheRunningRun()
    {
        var (first, second) = await WithRunningAsync(async (options, first) =>
        {
            options.IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting;
            return (first, await StartAsync(options));
        });

        Assert.Equal(first.ResultRunId, second.ResultRunId);
    }

    [Fact]
    public async Task Start_SameIdWithTerminateExisting_TerminatesTheRunningRun()
    {
        var (first, second) = await WithRunningAsync(async (options, first) =>
        {
            options.IdConflictPolicy = WorkflowIdConflictPolicy.TerminateExisting;
            return (first, await StartAsync(options));
        });

        Assert.NotEqual(first.ResultRunId, second.ResultRunId);
        Assert.Equal(WorkflowExecutionStatus.Terminated, (await server.Client.GetWorkflowHandle(first.Id, first.ResultRunId).DescribeAsync()).Status);
    }

    [Fact]
    public async Task Start_SameIdAfterCompletionWithRejectDuplicate_FailsWithAlreadyStarted()
    {
        var options = await CompletedWorkflowOptionsAsync();
        options.IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate;

        await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => StartAsync(options));
    }

    [Fact]
    public async Task Start_SameIdAfterCompletionWithFailedOnly_FailsButAllowsAfterTermination()
    {
        var options = await CompletedWorkflowOptionsAsync();
        options.IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicateFailedOnly;
        await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => StartAsync(options));

        var (_, restarted) = await WithRunningAsync(async (runningOptions, running) =>
        {
            await running.TerminateAsync();
            runningOptions.IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicateFailedOnly;
            var restarted = await StartAsync(runningOptions);
            await restarted.TerminateAsync();
            return (running, restarted);
        });
        Assert.NotNull(restarted.ResultRunId);
    }

    [Fact]
    public async Task Start_SameRequestIdTwice_ReturnsTheSameRun()
    {
        var request = new Temporalio.Api.WorkflowService.V1.StartWorkflowExecutionRequest
        {
            Namespace = server.Client.Options.Namespace,
            WorkflowId = $"wf-{Guid.NewGuid()}",
            WorkflowType = new() { Name = "WaitForeverWorkflow" },
            TaskQueue = new() { Name = $"tq-{Guid.NewGuid()}" },
            RequestId = Guid.NewGuid().ToString(),
        };

        var first = await server.Client.WorkflowService.StartWorkflowExecutionAsync(request);
        var retried = await server.Client.WorkflowService.StartWorkflowExecutionAsync(request);
        await server.Client.GetWorkflowHandle(request.WorkflowId).TerminateAsync();

        Assert.Equal(first.RunId, retried.RunId);
    }

    private async Task<TResult> WithRunningAsync<TResult>(Func<WorkflowOptions, WorkflowHandle, Task<TResult>> scenario)
    {
        var options = new WorkflowOptions(id: $"wf-{Guid.NewGuid()}", taskQueue: $"tq-{Guid.NewGuid()}");
        var first = await StartAsync(options);
        try
        {
            return await scenario(new WorkflowOptions(options.Id!, options.TaskQueue!), first);
        }
        finally
        {
            await TerminateIfRunningAsync(options.Id!);
        }
    }

    private async Task<WorkflowOptions> CompletedWorkflowOptionsAsync()
    {
        var id = $"wf-{Guid.NewGuid()}";
        await server.WithWorkerAsync(
            worker => worker.AddWorkflow<CountdownWorkflow>(),
            taskQueue => server.Client.ExecuteWorkflowAsync((CountdownWorkflow wf) => wf.RunAsync(0, 0), new(id, taskQueue)));
        return new WorkflowOptions(id, $"tq-{Guid.NewGuid()}");
    }

    /// <summary>Starts a workflow no worker polls for, so it stays running until terminated.</summary>
    private Task<WorkflowHandle<WaitForeverWorkflow>> StartAsync(WorkflowOptions options) =>
        server.Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), options);

    private async Task TerminateIfRunningAsync(string workflowId)
    {
        var handle = server.Client.GetWorkflowHandle(workflowId);
        if ((await handle.DescribeAsync()).Status == WorkflowExecutionStatus.Running)
        {
            await handle.TerminateAsync("test cleanup");
        }
    }
}
