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
