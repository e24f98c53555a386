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
    /// matches the ledger to the cent. Its lines are every earning and posted credit recorded before the period's end
    /// that no earlier statement listed (a unique index on the line's source holds that), so a period the worker got
    /// no statement for (an open payout, a zero balance) is listed line by line on the next one; what the balance holds
    /// besides them (earlier statements' money not paid out yet) is brought forward. The statement's period starts at
    /// the worker's last statement's end, or, for their first, at <paramref name="periodStart"/> or their first line
    /// if that is earlier.
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
        var due = owed
            .Where(balance => !open.Contains((balance.WorkerId!, balance.Currency)))
            .OrderBy(balance => balance.WorkerId, StringComparer.Ordinal)
            .ThenBy(balance => balance.Currency, StringComparer.Ordinal)
            .ToList();
        var workers = due.Select(balance => balance.WorkerId!).Distinct().ToList();
        var unlisted = await UnlistedLinesAsync(workers, periodEnd);
        var lastEnds = await db.WorkerStatements.AsNoTracking()
            .Where(statement => workers.Contains(statement.WorkerId))
            .GroupBy(statement => new { statement.WorkerId, statement.Currency })
            .Select(statements => new { statements.Key.WorkerId, statements.Key.Currency, End = statements.Max(statement => statement.PeriodEnd) })
            .ToDictionaryAsync(statements => (statements.WorkerId, statements.Currency), statements => statements.End, CancellationToken);
        foreach (var balance in due)
        {
            var key = (balance.WorkerId!, balance.Currency);
            var lines = unlisted[key].OrderBy(line => line.At).ToList();
            var start = lastEnds.TryGetValue(key, out var lastEnd) ? lastEnd : lines.Select(line => line.At).Append(periodStart).Min();
            await IssueAsync(balance.WorkerId!, balance.Currency, balance.Owed, lines, start, periodEnd);
        }

        await db.SaveChangesAsync(CancellationToken);
        await transaction.CommitAsync(CancellationToken);
        return await IssuedAsync(periodEnd);
    }

    private sealed record UnlistedLine(string WorkerId, string Currency, WorkerStatementLineKind Kind, Guid SourceId, string Description, decimal Amount, DateTimeOffset At);

    /// <summary>The workers' earnings and posted credits recorded before <paramref name="periodEnd"/> that no statement lists yet.</summary>
    private async Task<ILookup<(string WorkerId, string Currency), UnlistedLine>> UnlistedLinesAsync(List<string> workers, DateTimeOffset periodEnd)
    {
        var earnings = await db.Earnings.AsNoTracking()
            .Where(earning => workers.Contains(earning.WorkerId) && earning.EarnedAt < periodEnd && !db.WorkerStatementLines.Any(line => line.SourceId == earning.OrderId))
            .Select(earning => new { earning.WorkerId, earning.Currency, earning.OrderId, earning.ServiceTypeCode, earning.Amount, earning.EarnedAt })
            .ToListAsync(CancellationToken);
        var credits = await db.WorkerCredits.AsNoTracking()
            .Where(credit => workers.Contains(credit.WorkerId) && credit.Status == WorkerCreditStatus.Posted && credit.PostedAt < periodEnd && !db.WorkerStatementLines.Any(line => line.SourceId == credit.Id))
            .Select(credit => new { credit.WorkerId, credit.Currency, credit.Id, credit.Reason, credit.Amount, PostedAt = credit.PostedAt!.Value })
            .ToListAsync(CancellationToken);
        return earnings
            .Select(earning => new UnlistedLine(earning.WorkerId, earning.Currency, WorkerStatementLineKind.Earning, earning.OrderId, $"Order {earning.OrderId} ({earning.ServiceTypeCode})", earning.Amount, earning.EarnedAt))
            .Concat(credits.Select(credit => new UnlistedLine(
                credit.WorkerId, credit.Currency, credit.Amount < 0m ? WorkerStatementLineKind.Correction : WorkerStatementLineKind.Credit, credit.Id, credit.Reason, credit.Amount, credit.PostedAt)))
            .ToLookup(line => (line.WorkerId, line.Currency));
    }

    private async Task IssueAsync(string workerId, string currency, decimal total, List<UnlistedLine> unlisted, DateTimeOffset periodStart, DateTimeOffset periodEnd)
    {
        var statementId = Guid.CreateVersion7();
        var lines = unlisted
            .Select((line, index) => new WorkerStatementLine { StatementId = statementId, Position = index + 1, Kind = line.Kind, SourceId = line.SourceId, Description = line.Description, Amount = line.Amount, At = line.At })
            .ToList();
        var issuedAt = periodEnd;
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
