using Temporalio.Activities;
using Temporalio.Workflows;

namespace HelperPlatform.DevServer.Tests.Conformance;

public static class GreetingActivities
{
    [Activity]
    public static string Greet(string name) => $"Hello, {name}!";
}

[Workflow]
public class GreetingWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string name) =>
        await Workflow.ExecuteActivityAsync(() => GreetingActivities.Greet(name), new() { StartToCloseTimeout = TimeSpan.FromSeconds(10) });
}

[Workflow]
public class SleepingWorkflow
{
    [WorkflowRun]
    public async Task<DateTime> RunAsync(TimeSpan sleep)
    {
        await Workflow.DelayAsync(sleep);
        return Workflow.UtcNow;
    }
}
