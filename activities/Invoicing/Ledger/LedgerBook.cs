using HelperPlatform.Workflows.Invoicing;
using Temporalio.Exceptions;

namespace HelperPlatform.Activities.Invoicing.Ledger;

/// <summary>
/// Adds journal entries to the unit of work of the activity that makes them, so an entry commits with the change
/// it books, or not at all. PostgreSQL checks again at commit that every entry balances and refuses any change
/// or deletion of a posted entry (docs/invoicing.md, "The ledger").
/// </summary>
public static class LedgerBook
{
    public static void Post(InvoicingDbContext db, JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        if (!entry.IsBalanced)
        {
            throw new ApplicationFailureException($"The journal entry '{entry.IdempotencyKey}' ({entry.Description}) does not balance.", nonRetryable: true);
        }

        var entryId = Guid.CreateVersion7();
        db.LedgerEntries.Add(new LedgerEntryRow
        {
            Id = entryId,
            IdempotencyKey = entry.IdempotencyKey,
            InvoiceId = entry.InvoiceId,
            Description = entry.Description,
            RecordedAt = entry.RecordedAt,
            GoldenHatKind = entry.GoldenHat?.Kind,
            GoldenHatId = entry.GoldenHat?.Id,
            Postings = [.. entry.Postings.Select(posting => new LedgerPostingRow { EntryId = entryId, Account = posting.Account, Currency = posting.Currency, Amount = posting.Amount, WorkerId = posting.WorkerId })],
        });
    }
}
