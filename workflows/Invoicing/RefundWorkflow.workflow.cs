using System.Globalization;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using static HelperPlatform.Workflows.Invoicing.InvoicingSteps;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// A manager's refund of a paid invoice (Invoicing queue, id from the refund's id), started by the refund endpoint once
/// the refund is stored: Golden Hat refunds the invoice's charge under an idempotency key made here, the refund counts
/// only on Golden Hat's word (its webhook, or a read after <see cref="InvoicingTerms.ConfirmationWait"/>), and then, in
/// one transaction, its credit note, *Client refunded* and the client's notice follow. The credit note comes only
/// after the money went back, so a refund Golden Hat declines leaves nothing to reverse (docs/invoicing.md).
/// </summary>
[Workflow]
public sealed class RefundWorkflow
{
    private readonly PaymentOutcomes outcomes = new();
    private readonly RefundRequest request;

    [WorkflowInit]
    public RefundWorkflow(RefundRequest refund) => request = refund;

    public static string WorkflowId(Guid refundId) => $"refund-{refundId}";

    [WorkflowRun]
    public async Task<RefundStatus> RunAsync(RefundRequest refund)
    {
        var terms = await Workflow.ExecuteLocalActivityAsync((IInvoiceActivities invoices) => invoices.GetInvoicingTermsAsync(), OwnRecords);
        var outcome = await RefundAsync(terms.ConfirmationWait);
        var what = string.Create(CultureInfo.InvariantCulture, $"{request.Amount} {request.Currency} of invoice {request.InvoiceNumber}");
        if (outcome.Status != PaymentStatus.Succeeded)
        {
            var reason = $"{outcome.FailureCode}: {outcome.FailureMessage}";
            var failure = new RefundFailure(request.RefundId, reason, Event(InvoicingEvents.RefundFailed, new { refundId = request.RefundId, reason }));
            await Workflow.ExecuteLocalActivityAsync((IRefundActivities refunds) => refunds.RecordRefundFailedAsync(failure), OwnRecords);
            await NotifyAsync(
                OrderNotifications.Managers,
                $"A refund of invoice {request.InvoiceNumber} failed",
                $"Golden Hat did not refund {what} to client {request.ClientId} (refund {request.RefundId}, asked for by {request.RequestedBy}: {request.Reason}): {reason}. Nothing was credited; settle it with the client.");
            return RefundStatus.Failed;
        }

        var at = Workflow.UtcNow;
        var creditNote = new CreditNoteIssue(
            Workflow.NewGuid(), request.InvoiceId, request.RefundId, request.Currency, request.Amount, $"Refund: {request.Reason}", at, Key("credited"),
            Event(InvoicingEvents.CreditNoteIssued, new { amount = request.Amount, refundId = request.RefundId }));
        var completion = new RefundCompletion(
            request.RefundId,
            creditNote,
            LedgerEntries.Refunded(Key("refunded"), request.InvoiceId, outcome, at),
            Event(InvoicingEvents.ClientRefunded, new { refundId = request.RefundId, goldenHatRefundId = outcome.Id, amount = request.Amount, currency = request.Currency }));
        var number = await Workflow.ExecuteLocalActivityAsync((IRefundActivities refunds) => refunds.CompleteRefundAsync(completion), OwnRecords);
        await NotifyAsync(request.ClientId, $"You were refunded {what}", $"We refunded {what} to your card: {request.Reason}. Credit note {number} documents it.");
        return RefundStatus.Refunded;
    }

    /// <summary>The refund as it was asked for, so a retried request can be told apart from another one under the same idempotency key.</summary>
    [WorkflowQuery]
    public RefundRequest Request => request;

    [WorkflowSignal(PaymentSignal.Name)]
    public Task PaymentOutcomeAsync(PaymentOutcome outcome)
    {
        outcomes.Take(outcome);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Golden Hat's refund of the invoice's charge, retried under one key while Golden Hat is down; a request it refuses
    /// as invalid (e.g. more than is left of the charge) is a failure, not retried.
    /// </summary>
    private async Task<PaymentOutcome> RefundAsync(TimeSpan confirmationWait)
    {
        var command = new RefundCommand(Key("refund"), request.ChargeId, request.Currency, request.Amount, Workflow.Info.WorkflowId, request.Reason);
        try
        {
            var answer = await Workflow.ExecuteActivityAsync((IPaymentActivities payments) => payments.RefundAsync(command), GoldenHat);
            return await outcomes.SettledAsync(answer, id => Workflow.ExecuteActivityAsync((IPaymentActivities payments) => payments.GetRefundAsync(id), GoldenHat), confirmationWait);
        }
        catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException { ErrorType: IPaymentActivities.RejectedErrorType } rejected)
        {
            return new PaymentOutcome(PaymentKind.Refund, command.IdempotencyKey, request.ChargeId, PaymentStatus.Failed, request.Currency, request.Amount, 0m, "rejected", rejected.Message);
        }
    }

    private Task NotifyAsync(string recipient, string subject, string body) =>
        InvoicingSteps.NotifyAsync(recipient, subject, body, OrderingEvents.StreamId(request.OrderId));

    private SeedEvent Event(string type, object data) =>
        new(Workflow.NewGuid(), OrderingEvents.StreamId(request.OrderId), type, request.RequestedBy, Workflow.UtcNow, System.Text.Json.JsonSerializer.Serialize(data));
}
