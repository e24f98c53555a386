using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Totalizator;

/// <summary>
/// The monthly allowance on a durable schedule: grants this month's allowance (once per manager and month), sleeps
/// until the first instant of the next month (UTC) on a durable timer, and continues as new. The host starts it under
/// <see cref="Id"/>; with an allowance of 0 each pass grants nothing.
/// </summary>
[Workflow]
public sealed class MonthlyAllowanceWorkflow
{
    public const string Id = "monthly-allowance";

    [WorkflowRun]
    public async Task RunAsync()
    {
        var now = Workflow.UtcNow;
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        await Workflow.ExecuteActivityAsync(
            (ITotalizatorHousekeepingActivities housekeeping) => housekeeping.GrantMonthlyAllowanceAsync(month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)),
            TotalizatorHousekeeping.Durable);
        await Workflow.DelayAsync(month.AddMonths(1) - Workflow.UtcNow);
        throw Workflow.CreateContinueAsNewException((MonthlyAllowanceWorkflow workflow) => workflow.RunAsync());
    }
}
