using System.Globalization;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using static HelperPlatform.Workflows.Invoicing.InvoicingSteps;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// Pays part of a worker's balance to their payout destination through Golden Hat (docs/payouts.md, "Payouts"):
/// waits for a destination whose cooling period has ended, moves the money from the worker's balance into transit,
/// asks Golden Hat under an idempotency key made here, and learns the outcome from the webhook or, when none comes,
/// by asking. Paid: the money leaves Golden Hat's balance. Failed: it goes back to the worker's balance, the worker is
/// told, and the payout is sent again once the destination has changed.
/// </summary>
[Workflow]
public sealed class WorkerPayoutWorkflow
{
    private readonly PaymentOutcomes outcomes = new();
    private readonly WorkerPayoutRequest request;

    [WorkflowInit]
    public WorkerPayoutWorkflow(WorkerPayoutRequest payout) => request = payout;

    public static string WorkflowId(Guid payoutId) => $"worker-payout-{payoutId}";

    [WorkflowRun]
    public async Task<WorkerPayoutStatus> RunAsync(WorkerPayoutRequest payout)
    {
        var terms = await Workflow.ExecuteLocalActivityAsync((IWorkerPayoutActivities payouts) => payouts.GetWorkerPayoutTermsAsync(), OwnRecords);
        await Workflow.ExecuteLocalActivityAsync((IWorkerPayoutActivities payouts) => payouts.RecordWorkerPayoutAsync(request, Workflow.UtcNow), OwnRecords);
        Guid? failedDestination = null;
        var attempt = 0;
        var toldToRegister = false;
        while (true)
        {
            var destination = await Workflow.ExecuteLocalActivityAsync((IPayoutDestinationActivities destinations) => destinations.GetPayoutDestinationAsync(request.WorkerId), OwnRecords);
            if (destination is null || destination.DestinationId == failedDestination)
            {
                if (!toldToRegister)
                {
                    await RecordAsync(WorkerPayoutStatus.AwaitingDestination, attempt, null, null, null);
                    await NotifyAsync("Register a payout account", $"A payout of {What} waits for a payout account. Register one in the app to be paid.");
                    toldToRegister = true;
                }

                await Workflow.DelayAsync(terms.DestinationRecheck);
                continue;
            }

            if (destination.PayableFrom > Workflow.UtcNow)
            {
                // Re-read after the hold: a newer change starts its own cooling period.
                await RecordAsync(WorkerPayoutStatus.Held, attempt, destination.Last4, destination.PayableFrom, null);
                await Workflow.DelayAsync(destination.PayableFrom - Workflow.UtcNow);
                continue;
            }

            attempt++;
            var sent = LedgerEntries.PayoutSent($"payout-sent-{request.PayoutId}-{attempt}", request.WorkerId, request.PayoutId, request.Currency, request.Amount, Workflow.UtcNow);
            if (!await Workflow.ExecuteLocalActivityAsync((IWorkerPayoutActivities payouts) => payouts.ReserveWorkerPayoutAsync(request.WorkerId, sent), OwnRecords))
            {
                await RecordAsync(WorkerPayoutStatus.Cancelled, attempt, destination.Last4, null, null);
                await NotifyAsync("Payout cancelled", $"The payout of {What} was not sent again: your balance is now lower than it.");
                return WorkerPayoutStatus.Cancelled;
            }

            await RecordAsync(WorkerPayoutStatus.Sent, attempt, destination.Last4, null, null);
            var command = new PayoutCommand($"payout-{Workflow.NewGuid()}", destination.Token, request.Currency, request.Amount, Workflow.Info.WorkflowId, request.Description);
            var outcome = await PayAsync(command, terms);
            if (outcome.Status == PaymentStatus.Succeeded)
            {
                await SettleAsync(WorkerPayoutStatus.Paid, attempt, destination.Last4, null, LedgerEntries.PayoutPaid($"payout-paid-{request.PayoutId}-{attempt}", request.PayoutId, outcome, Workflow.UtcNow));
                await NotifyAsync("Payout sent", $"{What} was paid to your account ending {destination.Last4}.");
                return WorkerPayoutStatus.Paid;
            }

            await SettleAsync(
                WorkerPayoutStatus.Failed,
                attempt,
                destination.Last4,
                outcome.FailureCode,
                LedgerEntries.PayoutReturned($"payout-returned-{request.PayoutId}-{attempt}", request.WorkerId, request.PayoutId, outcome, Workflow.UtcNow));
            await NotifyAsync(
                "Payout failed",
                $"Golden Hat could not pay {What} to your account ending {destination.Last4} ({outcome.FailureMessage ?? outcome.FailureCode}). The money is back on your balance; register another payout account and it is sent there.");
            failedDestination = destination.DestinationId;
            toldToRegister = true;
        }
    }

    [WorkflowSignal(PaymentSignal.Name)]
    public Task PaymentOutcomeAsync(PaymentOutcome outcome)
    {
        outcomes.Take(outcome);
        return Task.CompletedTask;
    }

    /// <summary>Golden Hat's final word on the payout; one it refuses outright (it no longer knows the destination) failed like a closed account.</summary>
    private async Task<PaymentOutcome> PayAsync(PayoutCommand command, WorkerPayoutTerms terms)
    {
        try
        {
            var answer = await Workflow.ExecuteActivityAsync((IPaymentActivities payments) => payments.PayoutAsync(command), GoldenHat);
            return await outcomes.SettledAsync(
                answer,
                id => Workflow.ExecuteActivityAsync((IPaymentActivities payments) => payments.GetPayoutAsync(id), GoldenHat),
                terms.ConfirmationWait);
        }
        catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException { ErrorType: IPaymentActivities.RejectedErrorType } refused)
        {
            return new PaymentOutcome(PaymentKind.Payout, command.IdempotencyKey, null, PaymentStatus.Failed, command.Currency, command.Amount, 0m, "refused", refused.Message);
        }
    }

    private string What => string.Create(CultureInfo.InvariantCulture, $"{request.Amount} {request.Currency} ({request.Description})");

    private Task RecordAsync(WorkerPayoutStatus status, int attempt, string? last4, DateTimeOffset? heldUntil, string? failureCode)
    {
        var progress = new WorkerPayoutProgress(request.PayoutId, status, attempt, last4, heldUntil, failureCode, Workflow.UtcNow);
        return Workflow.ExecuteLocalActivityAsync((IWorkerPayoutActivities payouts) => payouts.RecordWorkerPayoutProgressAsync(progress), OwnRecords);
    }

    private Task SettleAsync(WorkerPayoutStatus status, int attempt, string last4, string? failureCode, JournalEntry entry)
    {
        var progress = new WorkerPayoutProgress(request.PayoutId, status, attempt, last4, null, failureCode, Workflow.UtcNow);
        return Workflow.ExecuteLocalActivityAsync((IWorkerPayoutActivities payouts) => payouts.SettleWorkerPayoutAsync(progress, entry), OwnRecords);
    }

    private Task NotifyAsync(string subject, string body) =>
        InvoicingSteps.NotifyAsync(request.WorkerId, subject, body, InvoicingEvents.WorkerStream(request.WorkerId));
}
