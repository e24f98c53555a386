using HelperPlatform.DevServer.Tests.Conformance;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.DevServer.Tests.Server;

/// <summary>Closed executions are forgotten after the retention period, even when nothing else happens on the server.</summary>
public sealed class RetentionTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromMilliseconds(100);

    /// <summary>The sweep runs every second; this leaves room for a slow machine.</summary>
    private static readonly TimeSpan EvictionDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ClosedExecution_IdleServer_IsEvictedAfterRetention()
    {
        await using var server = await TemporalDevServer.StartAsync(new DevServerOptions { CompletedRetention = Retention });
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        var handle = await client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new($"wf-{Guid.NewGuid()}", $"tq-{Guid.NewGuid()}"));
        await handle.TerminateAsync("done with it");

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (server.HeldExecutionCount > 0 && waited.Elapsed < EvictionDeadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(0, server.HeldExecutionCount);
        var failure = await Assert.ThrowsAsync<RpcException>(() => handle.DescribeAsync());
        Assert.Equal(RpcException.StatusCode.NotFound, failure.Code);
    }
}
