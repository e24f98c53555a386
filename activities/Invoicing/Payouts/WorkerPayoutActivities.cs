using HelperPlatform.Activities.Invoicing.Ledger;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Invoicing.Payouts;

/// <summary>The payout workflow's own records: the payout row and its journal entries.</summary>
public sealed class WorkerPayoutActivities(InvoicingDbContext db, IOptions<InvoicingSettings> settings) : IWorkerPayoutActivities
{
    private static CancellationToken CancellationToken => ActivityExecutionContext.Current.CancellationToken;

    [Activity]
    public Task<WorkerPayoutTerms> GetWorkerPayoutTermsAsync() =>
        Task.FromResult(new WorkerPayoutTerms(settings.Value.ConfirmationWait, settings.Value.PayoutDestinationRecheck));

    [Activity]
    public async Task RecordWorkerPayoutAsync(WorkerPayoutRequest request, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(request);
        db.WorkerPayouts.Add(new WorkerPayout
        {
            Id = request.PayoutId,
            WorkerId = request.WorkerId,
            Currency = request.Currency,
            Amount = request.Amount,
            Description = request.Description,
            Status = WorkerPayoutStatus.AwaitingDestination,
            RequestedAt = at,
            UpdatedAt = at,
        });
        await db.SaveOnceAsync(CancellationToken);
    }

    [Activity]
    public async Task RecordWorkerPayoutProgressAsync(WorkerPayoutProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        Apply(await db.WorkerPayouts.SingleAsync(payout => payout.Id == progress.PayoutId, CancellationToken), progress);
        await db.SaveChangesAsync(CancellationToken);
    }

    [Activity]
    public async Task<bool> ReserveWorkerPayoutAsync(string workerId, JournalEntry sent)
    {
        ArgumentNullException.ThrowIfNull(sent);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken);
        if (await db.LedgerEntries.AnyAsync(entry => entry.IdempotencyKey == sent.IdempotencyKey, CancellationToken))
        {
            return true;
        }

        var posting = sent.Postings.Single(posting => posting.Account == LedgerAccount.WorkerPayables);
        if (await WorkerBalances.LockAndReadAsync(db, workerId, posting.Currency, CancellationToken) < posting.Amount)
        {
            return false;
        }

        LedgerBook.Post(db, sent);
        await db.SaveChangesAsync(CancellationToken);
        await transaction.CommitAsync(CancellationToken);
        return true;
    }

    [Activity]
    public async Task SettleWorkerPayoutAsync(WorkerPayoutProgress progress, JournalEntry settled)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(settled);
        // The entry's key is the workflow's: a retry whose first attempt was written (or still is) stores nothing twice.
        Apply(await db.WorkerPayouts.SingleAsync(payout => payout.Id == progress.PayoutId, CancellationToken), progress);
        LedgerBook.Post(db, settled);
        await db.SaveOnceAsync(CancellationToken);
    }

    private static void Apply(WorkerPayout payout, WorkerPayoutProgress progress)
    {
        payout.Status = progress.Status;
        payout.Attempts = progress.Attempt;
        payout.DestinationLast4 = progress.DestinationLast4 ?? payout.DestinationLast4;
        payout.HeldUntil = progress.HeldUntil;
        payout.FailureCode = progress.FailureCode ?? payout.FailureCode;
        payout.UpdatedAt = progress.At;
    }
}
