using HelperPlatform.Activities.Invoicing.Invoices;
using HelperPlatform.Activities.Invoicing.Ledger;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Invoicing.Refunds;

/// <summary>The refund workflow's own records: the refund's status, its credit note, *Client refunded*.</summary>
public sealed class RefundActivities(InvoicingDbContext db) : IRefundActivities
{
    private static CancellationToken CancellationToken => ActivityExecutionContext.Current.CancellationToken;

    [Activity]
    public async Task<string> CompleteRefundAsync(RefundCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var refund = await db.Refunds.SingleAsync(refund => refund.Id == completion.RefundId, CancellationToken);
        return await InvoiceActivities.IssueCreditNoteAsync(db, completion.CreditNote, () =>
        {
            refund.Status = RefundStatus.Refunded;
            refund.GoldenHatRefundId = completion.Refunded.GoldenHat?.Id;
            refund.CreditNoteId = completion.CreditNote.CreditNoteId;
            refund.UpdatedAt = completion.CreditNote.IssuedAt;
            LedgerBook.Post(db, completion.Refunded);
            db.Events.Add(RecordedEvent.Of(completion.ClientRefunded));
        }, CancellationToken);
    }

    [Activity]
    public async Task RecordRefundFailedAsync(RefundFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var refund = await db.Refunds.SingleAsync(refund => refund.Id == failure.RefundId, CancellationToken);
        refund.Status = RefundStatus.Failed;
        refund.FailureReason = failure.Reason;
        refund.UpdatedAt = failure.Failed.OccurredAt;
        db.Events.Add(RecordedEvent.Of(failure.Failed));
        // A retry finds its event stored: the failure was recorded.
        await db.SaveOnceAsync(CancellationToken);
    }
}
