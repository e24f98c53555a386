using HelperPlatform.Workflows.Invoicing;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Invoicing.Ledger;

/// <summary>A worker's unpaid balance, read under a lock that corrections and payouts share.</summary>
public static class WorkerBalances
{
    /// <summary>
    /// Takes a transaction-scoped advisory lock on the worker, so one worker's corrections and payouts queue until the
    /// caller's transaction ends and two cannot both spend one balance; then reads what the worker is owed in
    /// <paramref name="currency"/> (minus the sum of their <see cref="LedgerAccount.WorkerPayables"/> postings).
    /// </summary>
    public static async Task<decimal> LockAndReadAsync(InvoicingDbContext db, string workerId, string currency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"worker-balance/" + workerId}))", cancellationToken);
        return -await db.LedgerPostings
            .Where(row => row.Account == LedgerAccount.WorkerPayables && row.WorkerId == workerId && row.Currency == currency)
            .SumAsync(row => row.Amount, cancellationToken);
    }
}
