using HelperPlatform.Activities.Invoicing.Ledger;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Invoicing.Credits;

/// <summary>The credit workflow's own records: credits, their journal entries and *Worker credited*.</summary>
public sealed class WorkerCreditActivities(InvoicingDbContext db, IOptions<InvoicingSettings> settings) : IWorkerCreditActivities
{
    private static CancellationToken CancellationToken => ActivityExecutionContext.Current.CancellationToken;

    [Activity]
    public Task<WorkerCreditTerms> GetWorkerCreditTermsAsync(string currency) =>
        Task.FromResult(new WorkerCreditTerms(settings.Value.CreditApprovalThresholds[currency], settings.Value.CreditApprovalDeadline));

    [Activity]
    public async Task RecordWorkerCreditAsync(WorkerCreditRequest request, WorkerCreditStatus status)
    {
        ArgumentNullException.ThrowIfNull(request);
        db.WorkerCredits.Add(new WorkerCredit
        {
            Id = request.CreditId,
            WorkerId = request.WorkerId,
            Currency = request.Currency,
            Amount = request.Amount,
            Reason = request.Reason,
            RequestedBy = request.RequestedBy,
            RequestedAt = request.RequestedAt,
            Status = status,
            UpdatedAt = request.RequestedAt,
        });
        await db.SaveOnceAsync(CancellationToken);
    }

    [Activity]
    public async Task RecordWorkerCreditProgressAsync(WorkerCreditProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var credit = await db.WorkerCredits.SingleAsync(credit => credit.Id == progress.CreditId, CancellationToken);
        credit.Status = progress.Status;
        credit.DecidedBy = progress.DecidedBy;
        credit.Note = progress.Note;
        credit.UpdatedAt = progress.At;
        await db.SaveChangesAsync(CancellationToken);
    }

    [Activity]
    public async Task<WorkerCreditStatus> PostWorkerCreditAsync(WorkerCreditPosting posting)
    {
        ArgumentNullException.ThrowIfNull(posting);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken);
        var credit = await db.WorkerCredits.SingleAsync(credit => credit.Id == posting.CreditId, CancellationToken);
        if (credit.Status is WorkerCreditStatus.Posted or WorkerCreditStatus.Refused)
        {
            return credit.Status;
        }

        var owed = await WorkerBalances.LockAndReadAsync(db, credit.WorkerId, credit.Currency, CancellationToken);
        credit.Status = owed + credit.Amount < 0m ? WorkerCreditStatus.Refused : WorkerCreditStatus.Posted;
        credit.DecidedBy ??= posting.ApprovedBy;
        credit.UpdatedAt = posting.Entry.RecordedAt;
        if (credit.Status == WorkerCreditStatus.Posted)
        {
            credit.PostedAt = posting.Entry.RecordedAt;
            LedgerBook.Post(db, posting.Entry);
            db.Events.Add(RecordedEvent.Of(posting.Credited));
        }

        await db.SaveChangesAsync(CancellationToken);
        await transaction.CommitAsync(CancellationToken);
        return credit.Status;
    }
}
