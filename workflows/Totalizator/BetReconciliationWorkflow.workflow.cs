using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Totalizator;

/// <summary>
/// Makes sure no accepted bet waits for ever: every period one pass signals stranded bets to their market again or
/// refuses them when the market has ended (<see cref="ITotalizatorHousekeepingActivities.ReconcileStrandedBetsAsync"/>),
/// then continues as new so its history stays short. The host starts it under <see cref="Id"/>.
/// </summary>
[Workflow]
public sealed class BetReconciliationWorkflow
{
    public const string Id = "bet-reconciliation";

    [WorkflowRun]
    public async Task RunAsync()
    {
        var pass = await Workflow.ExecuteActivityAsync(
            (ITotalizatorHousekeepingActivities housekeeping) => housekeeping.ReconcileStrandedBetsAsync(), TotalizatorHousekeeping.Durable);
        await Workflow.DelayAsync(pass.NextPassIn);
        throw Workflow.CreateContinueAsNewException((BetReconciliationWorkflow workflow) => workflow.RunAsync());
    }
}
