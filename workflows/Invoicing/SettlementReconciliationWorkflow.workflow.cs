using System.Globalization;
using Temporalio.Workflows;
using static HelperPlatform.Workflows.Invoicing.InvoicingSteps;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// The daily reconciliation (docs/payouts.md, "Reconciliation"): sleeps on a durable timer until a day is over (plus
/// the configured delay), matches Golden Hat's settlement report of that day against the ledger, tells ops the
/// result, and continues as new with the next day. The host keeps it running under <see cref="Id"/>.
/// </summary>
[Workflow]
public sealed class SettlementReconciliationWorkflow
{
    public const string Id = "settlement-reconciliation";

    /// <summary>Ops' shared inbox: whoever is on duty looks into a mismatch.</summary>
    public const string Ops = "ops";

    /// <param name="date">The day to reconcile; null for the first run, which takes the last day already due.</param>
    [WorkflowRun]
    public async Task RunAsync(DateOnly? date)
    {
        var terms = await Workflow.ExecuteLocalActivityAsync((ISettlementReconciliationActivities reconciliation) => reconciliation.GetSettlementReconciliationTermsAsync(), OwnRecords);
        if (!terms.OnSchedule)
        {
            return;
        }

        var day = date ?? DateOnly.FromDateTime(Workflow.UtcNow - terms.Delay).AddDays(-1);
        var due = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) + terms.Delay;
        if (due > Workflow.UtcNow)
        {
            await Workflow.DelayAsync(due - Workflow.UtcNow);
        }

        var summary = await Workflow.ExecuteActivityAsync(
            (ISettlementReconciliationActivities reconciliation) => reconciliation.ReconcileSettlementDayAsync(day, Workflow.UtcNow), GoldenHat);
        var when = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await NotifyAsync(
            Ops,
            summary.Mismatches == 0 ? $"Settlement of {when} reconciled" : $"Settlement of {when}: {summary.Mismatches} mismatches",
            $"Golden Hat's settlement report of {when}: {summary.LinesMatched} lines match the ledger, {summary.Mismatches} do not (GET /api/settlement-reconciliations/{when}).",
            $"settlements/{when}");
        throw Workflow.CreateContinueAsNewException((SettlementReconciliationWorkflow workflow) => workflow.RunAsync(day.AddDays(1)));
    }
}
