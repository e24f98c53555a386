using Temporalio.Activities;
using Temporalio.Workflows;

namespace HelperPlatform.DevServer.Benchmark;

/// <summary>The benchmark's unit of work: one activity, one signal and one short timer, like a small business step.</summary>
[Workflow]
public sealed class BenchmarkWorkflow
{
    public const string SignalName = "Approve";

    public static readonly TimeSpan Timer = TimeSpan.FromMilliseconds(100);

    private bool approved;

    [WorkflowRun]
    public async Task<string> RunAsync(string order)
    {
        // By name rather than by lambda: the SDK compiles a lambda's captured arguments at every call, a client-side
        // cost that would otherwise weigh on the server's figures.
        var receipt = await Workflow.ExecuteActivityAsync<string>(
            nameof(BenchmarkActivities.Charge), [order], new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
        await Workflow.WaitConditionAsync(() => approved);
        await Workflow.DelayAsync(Timer);
        return receipt;
    }

    [WorkflowSignal(SignalName)]
    public async Task ApproveAsync() => approved = true;
}

public static class BenchmarkActivities
{
    [Activity]
    public static string Charge(string order) => $"receipt for {order}";
}
