using System.Data;
using System.Security.Claims;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Host.Identity;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Invoicing;

/// <summary>Workers' money as the ledger holds it: a worker sees their own, managers and ops any worker's.</summary>
public static class WorkerMoneyEndpoints
{
    private const int MaxListSize = 200;

    public static IEndpointRouteBuilder MapWorkerMoneyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/workers").WithTags("Worker money");
        group.MapGet("/me/money", (ClaimsPrincipal user, InvoicingDbContext db, CancellationToken cancellationToken) => MoneyAsync(user.AccountId(), db, cancellationToken))
            .RequireRoles(PlatformRoles.Worker)
            .WithSummary("Your balance per currency, your earnings per order, managers' credits to you and your payouts, newest first (worker).");
        group.MapGet("/{workerId}/money", MoneyAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Any worker's balance, earnings, credits and payouts (managers, ops).");
        return endpoints;
    }

    private static async Task<Ok<WorkerMoneyResponse>> MoneyAsync(string workerId, InvoicingDbContext db, CancellationToken cancellationToken)
    {
        // One snapshot for the reads: a credit posted between them would otherwise show as posted with the
        // balance from before it.
        await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var balances = await db.LedgerPostings.AsNoTracking()
            .Where(posting => posting.Account == LedgerAccount.WorkerPayables && posting.WorkerId == workerId)
            .GroupBy(posting => posting.Currency)
            .Select(currency => new WorkerBalanceResponse(currency.Key, -currency.Sum(posting => posting.Amount)))
            .ToListAsync(cancellationToken);
        var earnings = await db.Earnings.AsNoTracking()
            .Where(earning => earning.WorkerId == workerId)
            .OrderByDescending(earning => earning.EarnedAt)
            .Take(MaxListSize)
            .Select(earning => new EarningResponse(
                earning.OrderId, earning.ServiceTypeCode, earning.ServiceTypeVersion, earning.Currency, earning.Payout, earning.KeptPercent, earning.Amount, earning.Rounding, earning.EarnedAt))
            .ToListAsync(cancellationToken);
        var credits = await db.WorkerCredits.AsNoTracking()
            .Where(credit => credit.WorkerId == workerId)
            .OrderByDescending(credit => credit.RequestedAt)
            .Take(MaxListSize)
            .Select(credit => new WorkerCreditResponse(
                credit.Id, credit.Currency, credit.Amount, credit.Reason, credit.Status, credit.RequestedBy, credit.DecidedBy, credit.Note, credit.RequestedAt, credit.UpdatedAt))
            .ToListAsync(cancellationToken);
        var payouts = await db.WorkerPayouts.AsNoTracking()
            .Where(payout => payout.WorkerId == workerId)
            .OrderByDescending(payout => payout.RequestedAt)
            .Take(MaxListSize)
            .Select(payout => new WorkerPayoutResponse(
                payout.Id, payout.Currency, payout.Amount, payout.Description, payout.Status, payout.Attempts, payout.DestinationLast4, payout.HeldUntil, payout.FailureCode, payout.RequestedAt, payout.UpdatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new WorkerMoneyResponse(workerId, [.. balances.OrderBy(balance => balance.Currency, StringComparer.Ordinal)], earnings, credits, payouts));
    }
}
