using HelperPlatform.Activities.Invoicing.Ledger;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Invoicing;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Invoicing.Earnings;

/// <summary>Workers' earnings: each completed order's, with its journal entry, written together.</summary>
public sealed class EarningActivities(InvoicingDbContext db) : IEarningActivities
{
    [Activity]
    public async Task RecordEarningAsync(WorkerEarning earning)
    {
        ArgumentNullException.ThrowIfNull(earning);
        db.Earnings.Add(new Earning
        {
            OrderId = earning.OrderId,
            WorkerId = earning.WorkerId,
            ServiceTypeCode = earning.ServiceTypeCode,
            ServiceTypeVersion = earning.ServiceTypeVersion,
            Currency = earning.Currency,
            Payout = earning.Payout,
            Quality = earning.Quality,
            KeptPercent = earning.KeptPercent,
            Amount = earning.Amount,
            Rounding = earning.Rounding,
            EarnedAt = earning.EarnedAt,
        });
        LedgerBook.Post(db, earning.Entry);
        // The order's earning and its entry are unique by the order: a retry finds them stored.
        await db.SaveOnceAsync(ActivityExecutionContext.Current.CancellationToken);
    }
}
