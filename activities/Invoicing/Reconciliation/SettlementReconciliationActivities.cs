using HelperPlatform.Activities.Invoicing.Ledger;
using HelperPlatform.Activities.Invoicing.Payments;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Invoicing.Reconciliation;

/// <summary>Matches Golden Hat's settlement report against the ledger, line by line (docs/payouts.md, "Reconciliation").</summary>
public sealed class SettlementReconciliationActivities(InvoicingDbContext db, GoldenHatClient goldenHat, IOptions<InvoicingSettings> settings) : ISettlementReconciliationActivities
{
    private static CancellationToken CancellationToken => ActivityExecutionContext.Current.CancellationToken;

    [Activity]
    public Task<SettlementReconciliationTerms> GetSettlementReconciliationTermsAsync() =>
        Task.FromResult(new SettlementReconciliationTerms(settings.Value.ReconcileSettlements, settings.Value.SettlementReconciliationDelay));

    [Activity]
    public async Task<SettlementReconciliationSummary> ReconcileSettlementDayAsync(DateOnly day, DateTimeOffset at)
    {
        // The day before too: an entry booked just after midnight may settle a line Golden Hat reports on the day before.
        var reported = await goldenHat.SettlementLinesAsync(day.AddDays(-1), day, CancellationToken);
        var ofDay = reported.Where(line => line.Date == day).ToList();
        var booked = await BookedAsync(day, [.. ofDay.Select(line => line.Id).Distinct()]);
        List<SettlementMismatch> mismatches = [];
        foreach (var line in ofDay)
        {
            var ledger = booked.GetValueOrDefault((line.Kind, line.Id));
            if (ledger is null || ledger.Amount != line.Amount || ledger.Currency != line.Currency)
            {
                mismatches.Add(Mismatch(day, ledger is null ? SettlementMismatchKind.MissingInLedger : SettlementMismatchKind.AmountDiffers, line.Kind, line.Id, line, ledger));
            }
        }

        var reportedLines = reported.Select(line => (line.Kind, line.Id)).ToHashSet();
        mismatches.AddRange(booked
            .Where(line => line.Value.BookedOn == day && !reportedLines.Contains(line.Key))
            .Select(line => Mismatch(day, SettlementMismatchKind.MissingAtGoldenHat, line.Key.Kind, line.Key.Id, null, line.Value)));
        var summary = new SettlementReconciliationSummary(day, ofDay.Count - mismatches.Count(mismatch => mismatch.Kind != SettlementMismatchKind.MissingAtGoldenHat), mismatches.Count);
        await StoreAsync(summary, mismatches, at);
        return summary;
    }

    /// <summary>
    /// The ledger's lines, by Golden Hat's kind and id: of every entry booking one of <paramref name="reportedIds"/>,
    /// and of every entry with a Golden Hat id booked on <paramref name="date"/>. Two entries booking one line sum up,
    /// so a double booking shows as an amount that differs.
    /// </summary>
    private async Task<Dictionary<(string Kind, string Id), LedgerLine>> BookedAsync(DateOnly date, List<string> reportedIds)
    {
        var dayStart = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var dayEnd = dayStart.AddDays(1);
        var entries = await db.LedgerEntries.AsNoTracking().Include(entry => entry.Postings)
            .Where(entry => entry.GoldenHatId != null && (reportedIds.Contains(entry.GoldenHatId) || (entry.RecordedAt >= dayStart && entry.RecordedAt < dayEnd)))
            .OrderBy(entry => entry.RecordedAt)
            .ToListAsync(CancellationToken);
        return entries.SelectMany(LinesOf)
            .GroupBy(line => (line.Kind, line.Id))
            .ToDictionary(line => line.Key, line => line.First() with { Amount = line.Sum(each => each.Amount) });
    }

    /// <summary>What an entry moved at Golden Hat, as Golden Hat reports it: a charge's amount and fee, a refund's or payout's amount, each positive.</summary>
    private static IEnumerable<LedgerLine> LinesOf(LedgerEntryRow entry)
    {
        LedgerLine Line(string kind, LedgerAccount account, int sign)
        {
            var postings = entry.Postings.Where(posting => posting.Account == account).ToList();
            var currency = postings.Select(posting => posting.Currency).FirstOrDefault() ?? entry.Postings[0].Currency;
            return new LedgerLine(kind, entry.GoldenHatId!, currency, sign * postings.Sum(posting => posting.Amount), entry, DateOnly.FromDateTime(entry.RecordedAt.UtcDateTime));
        }

        switch (entry.GoldenHatKind)
        {
            case PaymentKind.Charge:
                yield return Line(SettlementLineKinds.Charge, LedgerAccount.ClientReceivables, -1);
                if (Line(SettlementLineKinds.Fee, LedgerAccount.ProcessorFees, 1) is { Amount: not 0m } fee)
                {
                    yield return fee;
                }

                break;
            case PaymentKind.Refund:
                yield return Line(SettlementLineKinds.Refund, LedgerAccount.ClientReceivables, 1);
                break;
            case PaymentKind.Payout:
                yield return Line(SettlementLineKinds.Payout, LedgerAccount.PayoutsInTransit, 1);
                break;
        }
    }

    private static SettlementMismatch Mismatch(DateOnly date, SettlementMismatchKind kind, string lineKind, string goldenHatId, SettlementLine? reported, LedgerLine? booked) => new()
    {
        Id = Guid.CreateVersion7(),
        Date = date,
        Kind = kind,
        LineKind = lineKind,
        GoldenHatId = goldenHatId,
        GoldenHatReference = reported?.Reference,
        GoldenHatCurrency = reported?.Currency,
        GoldenHatAmount = reported?.Amount,
        LedgerEntryId = booked?.Entry.Id,
        LedgerEntryKey = booked?.Entry.IdempotencyKey,
        LedgerDescription = booked?.Entry.Description,
        LedgerCurrency = booked?.Currency,
        LedgerAmount = booked?.Amount,
    };

    /// <summary>Replaces the day's mismatches and its run in one transaction, so a second run of the day lists them once.</summary>
    private async Task StoreAsync(SettlementReconciliationSummary summary, List<SettlementMismatch> mismatches, DateTimeOffset at)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken);
        await db.SettlementMismatches.Where(mismatch => mismatch.Date == summary.Date).ExecuteDeleteAsync(CancellationToken);
        db.SettlementMismatches.AddRange(mismatches);
        var run = await db.SettlementReconciliations.FindAsync([summary.Date], CancellationToken);
        if (run is null)
        {
            run = new SettlementReconciliation { Date = summary.Date };
            db.SettlementReconciliations.Add(run);
        }

        (run.ReconciledAt, run.LinesMatched, run.Mismatches) = (at, summary.LinesMatched, summary.Mismatches);
        await db.SaveChangesAsync(CancellationToken);
        await transaction.CommitAsync(CancellationToken);
    }

    /// <param name="BookedOn">The UTC day the entry was recorded.</param>
    private sealed record LedgerLine(string Kind, string Id, string Currency, decimal Amount, LedgerEntryRow Entry, DateOnly BookedOn);
}

/// <summary>Golden Hat's kinds of settlement line (goldenhat/README.md).</summary>
public static class SettlementLineKinds
{
    public const string Charge = "charge";
    public const string Fee = "fee";
    public const string Refund = "refund";
    public const string Payout = "payout";
}
