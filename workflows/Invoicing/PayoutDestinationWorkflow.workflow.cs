using System.Globalization;
using Temporalio.Workflows;
using static HelperPlatform.Workflows.Invoicing.InvoicingSteps;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// A worker registers where to be paid (docs/payouts.md, "Payout destinations"): the destination is recorded, and a
/// change is told to the worker, since a changed bank account is how a stolen login steals a payout; payouts to it
/// wait for the cooling period.
/// </summary>
[Workflow]
public sealed class PayoutDestinationWorkflow
{
    public static string WorkflowId(Guid destinationId) => $"payout-destination-{destinationId}";

    [WorkflowRun]
    public async Task<PayoutDestinationRecorded> RunAsync(PayoutDestinationChange change)
    {
        var recorded = await Workflow.ExecuteLocalActivityAsync((IPayoutDestinationActivities destinations) => destinations.RecordPayoutDestinationAsync(change), OwnRecords);
        if (recorded.Replaced)
        {
            await NotifyAsync(
                change.WorkerId,
                "Payout account changed",
                string.Create(CultureInfo.InvariantCulture, $"Your payouts now go to the account ending {change.Last4}. Payouts to it start after {recorded.PayableFrom:yyyy-MM-dd HH:mm} UTC. If you did not change it, tell us at once."),
                InvoicingEvents.WorkerStream(change.WorkerId));
        }

        return recorded;
    }
}
