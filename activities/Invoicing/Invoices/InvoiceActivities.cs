using HelperPlatform.Activities.Invoicing.Ledger;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Invoicing.Invoices;

/// <summary>The invoice workflow's own records: invoices, credit notes, their numbers and journal entries, its events.</summary>
public sealed class InvoiceActivities(InvoicingDbContext db, IOptions<InvoicingSettings> settings) : IInvoiceActivities
{
    public const string InvoiceSeries = "INV";
    public const string CreditNoteSeries = "CN";

    private static CancellationToken CancellationToken => ActivityExecutionContext.Current.CancellationToken;

    [Activity]
    public Task<InvoicingTerms> GetInvoicingTermsAsync()
    {
        var configured = settings.Value;
        var schedule = configured.RetrySchedule.Count > 0 ? [.. configured.RetrySchedule] : InvoicingSettings.DefaultRetrySchedule;
        return Task.FromResult(new InvoicingTerms(configured.TaxRate, configured.PaymentTerm, schedule, configured.ConfirmationWait, configured.OverdueChargeAttempts));
    }

    [Activity]
    public Task<string> IssueInvoiceAsync(InvoiceIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return IssueNumberedAsync(db, InvoiceSeries, issue.IssuedAt, () => StoredInvoiceNumberAsync(issue.InvoiceId), (year, sequence, number) =>
        {
            db.Invoices.Add(new Invoice
            {
                Id = issue.InvoiceId,
                Number = number,
                Year = year,
                Sequence = sequence,
                OrderId = issue.OrderId,
                ClientId = issue.ClientId,
                Currency = issue.Currency,
                Net = issue.Net,
                Tax = issue.Tax,
                Total = issue.Total,
                Status = InvoiceStatus.Issued,
                IssuedAt = issue.IssuedAt,
                DueAt = issue.DueAt,
                UpdatedAt = issue.IssuedAt,
                Lines = [.. issue.Lines.Select(line => new InvoiceLineRow
                {
                    InvoiceId = issue.InvoiceId,
                    Position = line.Position,
                    Kind = line.Kind,
                    Description = line.Description,
                    Amount = line.Amount,
                    Tax = line.Tax,
                    TaxRounding = line.TaxRounding,
                })],
            });
            LedgerBook.Post(db, issue.Entry);
            db.Events.Add(RecordedEvent.Of(issue.Invoiced));
            return Task.CompletedTask;
        }, CancellationToken);
    }

    [Activity]
    public Task<string?> GetPaymentMethodAsync(string clientId) =>
        db.PaymentMethods.AsNoTracking()
            .Where(method => method.ClientId == clientId)
            .OrderByDescending(method => method.RegisteredAt)
            .Select(method => method.Token)
            .FirstOrDefaultAsync(CancellationToken);

    [Activity]
    public async Task RecordInvoiceProgressAsync(InvoiceProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var invoice = await db.Invoices.SingleAsync(invoice => invoice.Id == progress.InvoiceId, CancellationToken);
        invoice.Status = progress.Status;
        invoice.ChargeId = progress.ChargeId ?? invoice.ChargeId;
        invoice.UpdatedAt = progress.Events.Max(seedEvent => seedEvent.OccurredAt);
        if (progress.Entry is { } entry)
        {
            LedgerBook.Post(db, entry);
        }

        db.Events.AddRange(progress.Events.Select(RecordedEvent.Of));
        // A retry finds its event (and entry) stored: the progress was recorded.
        await db.SaveOnceAsync(CancellationToken);
    }

    [Activity]
    public async Task RecordSettlementAsync(SettlementRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var settlement = recording.Settlement;
        var invoice = await db.Invoices.SingleAsync(invoice => invoice.Id == settlement.InvoiceId, CancellationToken);
        invoice.Status = settlement.Status;
        invoice.UpdatedAt = recording.SettledAt;
        db.InvoiceSettlements.Add(new InvoiceSettlementRow
        {
            Id = settlement.SettlementId,
            InvoiceId = settlement.InvoiceId,
            Kind = settlement.Kind,
            Currency = recording.Currency,
            Amount = recording.Amount,
            Reference = settlement.Reference,
            PaidOn = settlement.PaidOn,
            Reason = settlement.Reason,
            SettledBy = settlement.SettledBy,
            SettledAt = recording.SettledAt,
        });
        LedgerBook.Post(db, recording.Entry);
        db.Events.Add(RecordedEvent.Of(recording.Settled));
        // A retry finds the settlement (and its entry and event) stored: it was recorded.
        await db.SaveOnceAsync(CancellationToken);
    }

    [Activity]
    public Task<string> IssueCreditNoteAsync(CreditNoteIssue issue) => IssueCreditNoteAsync(db, issue, () => { }, CancellationToken);

    /// <summary>
    /// Stores a credit note with the next number of its series, its share of the invoice's tax, its journal entry and
    /// its event, and what <paramref name="alongside"/> adds, in one transaction. The invoice's row stays locked until
    /// the commit, so concurrent notes of one invoice take their tax share one after the other. A note stored already
    /// (by its id, from the workflow) keeps its number and adds nothing.
    /// </summary>
    public static Task<string> IssueCreditNoteAsync(InvoicingDbContext db, CreditNoteIssue issue, Action alongside, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(alongside);
        return IssueNumberedAsync(
            db,
            CreditNoteSeries,
            issue.IssuedAt,
            () => db.CreditNotes.AsNoTracking().Where(note => note.Id == issue.CreditNoteId).Select(note => note.Number).SingleOrDefaultAsync(cancellationToken),
            async (year, sequence, number) =>
            {
                var invoice = await db.Invoices.FromSql($"SELECT * FROM invoicing.invoices WHERE id = {issue.InvoiceId} FOR UPDATE").AsNoTracking().SingleAsync(cancellationToken);
                var before = await db.CreditNotes.AsNoTracking().Where(note => note.InvoiceId == issue.InvoiceId).Select(note => new { note.Amount, note.Tax }).ToListAsync(cancellationToken);
                var share = CreditNoteTax.Of(issue.Amount, issue.Currency, invoice.Total, invoice.Tax, before.Sum(note => note.Amount), before.Sum(note => note.Tax));
                db.CreditNotes.Add(new CreditNote
                {
                    Id = issue.CreditNoteId,
                    Number = number,
                    Year = year,
                    Sequence = sequence,
                    InvoiceId = issue.InvoiceId,
                    Currency = issue.Currency,
                    Amount = issue.Amount,
                    Tax = share.Tax,
                    TaxRounding = share.Rounding,
                    RefundId = issue.RefundId,
                    Reason = issue.Reason,
                    IssuedAt = issue.IssuedAt,
                });
                LedgerBook.Post(db, LedgerEntries.Credited(issue.EntryKey, issue.InvoiceId, issue.Currency, issue.Amount, share.Tax, issue.IssuedAt));
                db.Events.Add(RecordedEvent.Of(issue.Credited));
                alongside();
            },
            cancellationToken);
    }

    /// <summary>The number a document gets: series, year and a sequence that restarts each year, e.g. <c>INV-2026-000042</c>.</summary>
    public static string DocumentNumber(string series, int year, int sequence) => $"{series}-{year}-{sequence:D6}";

    /// <summary>
    /// Stores a numbered document with the next number of its series in its (UTC) year, taken in the transaction
    /// that stores it: the counter's row stays locked until the commit, so the next issue of the year waits and
    /// numbers have no gaps. A document stored already (by its id, from the workflow) keeps its number.
    /// </summary>
    /// <param name="add">Adds the document, its journal entry and its event, given its year, sequence and number.</param>
    private static async Task<string> IssueNumberedAsync(
        InvoicingDbContext db, string series, DateTimeOffset issuedAt, Func<Task<string?>> storedNumber, Func<int, int, string, Task> add, CancellationToken cancellationToken)
    {
        if (await storedNumber() is { } stored)
        {
            return stored;
        }

        var year = issuedAt.UtcDateTime.Year;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var sequence = await NextNumberAsync(db, series, year, cancellationToken);
        var number = DocumentNumber(series, year, sequence);
        await add(year, sequence, number);
        if (!await db.SaveOnceAsync(cancellationToken))
        {
            // An earlier attempt still running stored it meanwhile; the rollback gives this number back.
            await transaction.RollbackAsync(cancellationToken);
            return (await storedNumber())!;
        }

        await transaction.CommitAsync(cancellationToken);
        return number;
    }

    private Task<string?> StoredInvoiceNumberAsync(Guid invoiceId) =>
        db.Invoices.AsNoTracking().Where(invoice => invoice.Id == invoiceId).Select(invoice => invoice.Number).SingleOrDefaultAsync(CancellationToken);

    /// <summary>The next sequence of <paramref name="series"/> in <paramref name="year"/>; the counter's row stays locked until the caller's transaction ends.</summary>
    /// <remarks>Not composed into a query (an INSERT cannot be a subquery), so read as a list.</remarks>
    public static async Task<int> NextNumberAsync(InvoicingDbContext db, string series, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return (await db.Database.SqlQuery<int>(
            $"""
            INSERT INTO invoicing.document_counters (series, year, last_number) VALUES ({series}, {year}, 1)
            ON CONFLICT (series, year) DO UPDATE SET last_number = document_counters.last_number + 1
            RETURNING last_number AS "Value"
            """).ToListAsync(cancellationToken)).Single();
    }
}
