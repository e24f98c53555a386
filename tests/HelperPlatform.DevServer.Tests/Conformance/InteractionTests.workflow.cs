using Temporalio.Activities;
using Temporalio.Workflows;

namespace HelperPlatform.DevServer.Tests.Conformance;

/// <summary>A shopping cart driven from outside: signals add items, an update sets the discount, queries read it.</summary>
[Workflow]
public class CartWorkflow
{
    private readonly List<string> items = [];
    private bool checkedOut;

    [WorkflowQuery]
    public IReadOnlyList<string> Items => items;

    [WorkflowQuery]
    public int Discount { get; private set; }

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => checkedOut);
        return $"{string.Join(",", items)} at {Discount}% off";
    }

    [WorkflowSignal]
    public async Task AddItemAsync(string item) => items.Add(item);

    [WorkflowSignal]
    public async Task CheckOutAsync() => checkedOut = true;

    [WorkflowUpdate]
    public async Task<int> SetDiscountAsync(int percent)
    {
        Discount = percent;
        return items.Count;
    }

    [WorkflowUpdateValidator(nameof(SetDiscountAsync))]
    public void ValidateSetDiscount(int percent)
    {
        if (percent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A discount is between 0 and 100 percent.");
        }
    }

    [WorkflowQuery]
    public string Fail() => throw new InvalidOperationException("This query always fails.");
}

/// <summary>
/// Counts updates; after each one the main loop runs an activity, so every update is followed by a timer (the
/// condition's timeout) and an activity that the server must write.
/// </summary>
[Workflow]
public class UpdateCounterWorkflow
{
    private int received;

    [WorkflowQuery]
    public int Received => received;

    [WorkflowRun]
    public async Task<int> RunAsync(int expected)
    {
        var processed = 0;
        while (processed < expected)
        {
            var seen = processed;
            await Workflow.WaitConditionAsync(() => received > seen, TimeSpan.FromHours(1));
            processed = await Workflow.ExecuteActivityAsync(
                () => UpdateCounterActivities.Acknowledge(received), new() { StartToCloseTimeout = TimeSpan.FromMinutes(1) });
        }
        return processed;
    }

    [WorkflowUpdate]
    public async Task<int> IncrementAsync() => ++received;
}

public static class UpdateCounterActivities
{
    [Activity]
    public static int Acknowledge(int count) => count;
}
