using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Host.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Invoicing;

/// <summary>The ledger's balances, derived from its postings (managers, ops).</summary>
public static class LedgerEndpoints
{
    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/ledger/balances", BalancesAsync).WithTags("Invoicing").RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Every ledger account's balance per currency, summed from its postings; debits positive (managers, ops).");
        endpoints.MapGet("/api/ledger/trial-balance", TrialBalanceAsync).WithTags("Invoicing").RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("The trial balance per currency: every account's balance, the debit and credit totals, and whether they are equal (managers, ops).");
        return endpoints;
    }

    private static async Task<Ok<List<TrialBalanceResponse>>> TrialBalanceAsync(InvoicingDbContext db, CancellationToken cancellationToken)
    {
        var balances = (await BalancesAsync(db, cancellationToken)).Value!;
        return TypedResults.Ok(balances.GroupBy(balance => balance.Currency, StringComparer.Ordinal).Select(currency =>
        {
            var debits = currency.Where(account => account.Balance > 0m).Sum(account => account.Balance);
            var credits = -currency.Where(account => account.Balance < 0m).Sum(account => account.Balance);
            return new TrialBalanceResponse(currency.Key, [.. currency], debits, credits, debits == credits);
        }).ToList());
    }

    private static async Task<Ok<List<LedgerBalanceResponse>>> BalancesAsync(InvoicingDbContext db, CancellationToken cancellationToken)
    {
        var balances = await db.LedgerPostings.AsNoTracking()
            .GroupBy(posting => new { posting.Account, posting.Currency })
            .Select(account => new { account.Key.Account, account.Key.Currency, Balance = account.Sum(posting => posting.Amount) })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(balances.OrderBy(balance => balance.Account).ThenBy(balance => balance.Currency, StringComparer.Ordinal)
            .Select(balance => new LedgerBalanceResponse(balance.Account, balance.Currency, balance.Balance)).ToList());
    }
}
