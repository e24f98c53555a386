using System.Text.Json;
using HelperPlatform.Activities.Invoicing.Invoices;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Invoicing.Statements;

/// <summary>Workers' statements: issued from the ledger at the end of each period, numbered without gaps.</summary>
public sealed class WorkerStatementActivities(InvoicingDbContext db, IOptions<InvoicingSettings> settings) : IWorkerStatementActivities
{
    public const string Series = "WS";

    private static CancellationToken CancellationToken => ActivityExecutionContext.Current.CancellationToken;

    [Activity]
    public Task<WorkerStatementTerms> GetWorkerStatementTermsAsync() =>
        Task.FromResult(new WorkerStatementTerms(settings.Value.StatementsOnSchedule, settings.Value.StatementPeriod, settings.Value.StatementAnchor));

    /// <remarks>
    /// All of a period's statements commit together: a retry either finds them all or issues them all. A statement's
    /// total is the worker's <c>WorkerPayables</c> balance from every entry recorded before the period's end, so it
    /// matches the ledger to the cent; the lines are the period's earnings and posted credits, and what the balance
    /// holds besides them (money of earlier periods not yet paid) is brought forward.
    /// </remarks>
    [Activity]
    public async Task<IReadOnlyList<IssuedWorkerStatement>> IssueWorkerStatementsAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken);
        if (await IssuedAsync(periodEnd) is { Count: > 0 } issued)
        {
            return issued;
        }

        var owed = await db.LedgerPostings
            .Where(posting => posting.Account == LedgerAccount.WorkerPayables && posting.WorkerId != null)
            .Join(db.LedgerEntries, posting => posting.EntryId, entry => entry.Id, (posting, entry) => new { posting.WorkerId, posting.Currency, posting.Amount, entry.RecordedAt })
            .Where(posting => posting.RecordedAt < periodEnd)
            .GroupBy(posting => new { posting.WorkerId, posting.Currency })
            .Select(balance => new { balance.Key.WorkerId, balance.Key.Currency, Owed = -balance.Sum(posting => posting.Amount) })
            .Where(balance => balance.Owed > 0m)
            .ToListAsync(CancellationToken);
        var open = (await db.WorkerPayouts
            .Where(payout => payout.Status != WorkerPayoutStatus.Paid && payout.Status != WorkerPayoutStatus.Cancelled)
            .Select(payout => new { payout.WorkerId, payout.Currency })
            .ToListAsync(CancellationToken)).Select(payout => (payout.WorkerId, payout.Currency)).ToHashSet();
        var issuedAt = periodEnd;
        foreach (var balance in owed.Where(balance => !open.Contains((balance.WorkerId!, balance.Currency))).OrderBy(balance => balance.WorkerId, StringComparer.Ordinal).ThenBy(balance => balance.Currency, StringComparer.Ordinal))
        {
            await IssueAsync(balance.WorkerId!, balance.Currency, balance.Owed, periodStart, periodEnd, issuedAt);
        }

        await db.SaveChangesAsync(CancellationToken);
        await transaction.CommitAsync(CancellationToken);
        return await IssuedAsync(periodEnd);
    }

    private async Task IssueAsync(string workerId, string currency, decimal total, DateTimeOffset periodStart, DateTimeOffset periodEnd, DateTimeOffset issuedAt)
    {
        var earnings = await db.Earnings.AsNoTracking()
            .Where(earning => earning.WorkerId == workerId && earning.Currency == currency && earning.EarnedAt >= periodStart && earning.EarnedAt < periodEnd)
            .Select(earning => new { earning.OrderId, earning.ServiceTypeCode, earning.Amount, earning.EarnedAt })
            .ToListAsync(CancellationToken);
        var credits = await db.WorkerCredits.AsNoTracking()
            .Where(credit => credit.WorkerId == workerId && credit.Currency == currency && credit.Status == WorkerCreditStatus.Posted && credit.UpdatedAt >= periodStart && credit.UpdatedAt < periodEnd)
            .Select(credit => new { credit.Id, credit.Reason, credit.Amount, credit.UpdatedAt })
            .ToListAsync(CancellationToken);
        var statementId = Guid.CreateVersion7();
        var lines = earnings
            .Select(earning => (Kind: WorkerStatementLineKind.Earning, SourceId: earning.OrderId, Description: $"Order {earning.OrderId} ({earning.ServiceTypeCode})", earning.Amount, At: earning.EarnedAt))
            .Concat(credits.Select(credit => (Kind: credit.Amount < 0m ? WorkerStatementLineKind.Correction : WorkerStatementLineKind.Credit, SourceId: credit.Id, Description: credit.Reason, credit.Amount, At: credit.UpdatedAt)))
            .OrderBy(line => line.At)
            .Select((line, index) => new WorkerStatementLine { StatementId = statementId, Position = index + 1, Kind = line.Kind, SourceId = line.SourceId, Description = line.Description, Amount = line.Amount, At = line.At })
            .ToList();
        var year = issuedAt.UtcDateTime.Year;
        var sequence = await InvoiceActivities.NextNumberAsync(db, Series, year, CancellationToken);
        var number = InvoiceActivities.DocumentNumber(Series, year, sequence);
        db.WorkerStatements.Add(new WorkerStatement
        {
            Id = statementId,
            Number = number,
            Year = year,
            Sequence = sequence,
            WorkerId = workerId,
            Currency = currency,
            PeriodStart = periodStart,
            PeriodEnd = periodEnd,
            BroughtForward = total - lines.Sum(line => line.Amount),
            Total = total,
            IssuedAt = issuedAt,
            Lines = lines,
        });
        var data = JsonSerializer.Serialize(new Dictionary<string, string> { ["number"] = number, ["currency"] = currency, ["total"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        db.Events.Add(RecordedEvent.Of(new SeedEvent(Guid.CreateVersion7(), InvoicingEvents.WorkerStream(workerId), InvoicingEvents.WorkerInvoiced, "invoicing", issuedAt, data)));
    }

    private async Task<List<IssuedWorkerStatement>> IssuedAsync(DateTimeOffset periodEnd) =>
        await db.WorkerStatements.AsNoTracking()
            .Where(statement => statement.PeriodEnd == periodEnd)
            .OrderBy(statement => statement.Sequence)
            .Select(statement => new IssuedWorkerStatement(statement.Id, statement.Number, statement.WorkerId, statement.Currency, statement.Total))
            .ToListAsync(CancellationToken);
}
