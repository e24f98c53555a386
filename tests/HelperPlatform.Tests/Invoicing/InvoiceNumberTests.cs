using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.Invoices;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// Invoice numbers are gapless and unique per year under concurrency, a retried issue keeps its number and posts
/// once, and PostgreSQL keeps the ledger append-only and balanced whatever a caller tries.
/// </summary>
public sealed class InvoiceNumberTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    [Fact]
    public async Task FiftyConcurrentIssues_GetTheNumbersOneToFifty_WithoutGapsOrDuplicates()
    {
        // A year of its own, so no other test's invoices share the series.
        var issuedAt = new DateTimeOffset(2041, 3, 1, 9, 0, 0, TimeSpan.Zero);

        var numbers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => IssueAsync(Issue(issuedAt))));

        Assert.Equal(Enumerable.Range(1, 50).Select(sequence => $"INV-2041-{sequence:D6}"), numbers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RetriedIssue_AnswersTheSameNumber_AndPostsItsEntryOnce()
    {
        var issue = Issue(new DateTimeOffset(2042, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var first = await IssueAsync(issue);
        var again = await IssueAsync(issue);
        var next = await IssueAsync(Issue(issue.IssuedAt));

        Assert.Equal(("INV-2042-000001", "INV-2042-000001", "INV-2042-000002"), (first, again, next));
        Assert.Equal(1, await WithAsync(db => db.LedgerEntries.CountAsync(entry => entry.InvoiceId == issue.InvoiceId)));
    }

    [Fact]
    public async Task Ledger_RefusesToChangeOrDeleteAPosting_AndAnEntryThatDoesNotBalance()
    {
        var issue = Issue(new DateTimeOffset(2043, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await IssueAsync(issue);
        await using var connection = new NpgsqlConnection(fixture.Host.ConnectionString);
        await connection.OpenAsync();

        async Task<PostgresException> RefusedAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        }

        var update = await RefusedAsync("UPDATE invoicing.ledger_postings SET amount = amount + 1");
        var delete = await RefusedAsync("DELETE FROM invoicing.ledger_entries");
        var unbalanced = await RefusedAsync(
            $"""
            BEGIN;
            INSERT INTO invoicing.ledger_entries (id, idempotency_key, invoice_id, description, recorded_at) VALUES ('{Guid.NewGuid()}', 'forged', '{issue.InvoiceId}', 'forged', now());
            INSERT INTO invoicing.ledger_postings (entry_id, account, currency, amount) SELECT id, 'Revenue', 'EUR', -10 FROM invoicing.ledger_entries WHERE idempotency_key = 'forged';
            INSERT INTO invoicing.ledger_postings (entry_id, account, currency, amount) SELECT id, 'ClientReceivables', 'EUR', 9.99 FROM invoicing.ledger_entries WHERE idempotency_key = 'forged';
            COMMIT;
            """);

        Assert.Equal(("23001", "23001", "23514"), (update.SqlState, delete.SqlState, unbalanced.SqlState));
        Assert.False(await WithAsync(db => db.LedgerEntries.AnyAsync(entry => entry.IdempotencyKey == "forged")));
    }

    [Fact]
    public void InvoiceLines_TaxEachLine_RoundingHalfAwayFromZero_AndWriteTheRoundingDown()
    {
        var price = new QuotePrice(
            "EUR", 45.00m, [new AppliedSurcharge("short-notice", Workflows.Management.SurchargeRule.ShortNotice, 5.63m)],
            [new AppliedDiscount(DiscountSource.PromotionCode, "SPRING", "Spring offer", 2.50m)], 48.13m);

        var lines = InvoiceLines.From(price, "Office cookies", 0.19m);

        Assert.Equal([45.00m, 5.63m, -2.50m], lines.Select(line => line.Amount));
        // 8.55, 1.0697 → 1.07, −0.475 → −0.48 (away from zero, as its charge's tax would be).
        Assert.Equal([8.55m, 1.07m, -0.48m], lines.Select(line => line.Tax));
        Assert.Equal("5.63 × 19 % = 1.0697 → 1.07 (half away from zero)", lines[1].TaxRounding);
        Assert.Equal([InvoiceLineKind.Service, InvoiceLineKind.Surcharge, InvoiceLineKind.Discount], lines.Select(line => line.Kind));
        Assert.True(LedgerEntries.Invoiced("key", Guid.NewGuid(), "EUR", lines, DateTimeOffset.UnixEpoch).IsBalanced);
    }

    private static InvoiceIssue Issue(DateTimeOffset issuedAt)
    {
        var invoiceId = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        IReadOnlyList<InvoiceLine> lines = [new InvoiceLine(1, InvoiceLineKind.Service, "Office cookies", 45.00m, 0m, null)];
        return new InvoiceIssue(
            invoiceId, orderId, Guid.NewGuid().ToString(), "EUR", lines, 45.00m, 0m, 45.00m, issuedAt, issuedAt.AddDays(14),
            LedgerEntries.Invoiced($"invoiced-{invoiceId}", invoiceId, "EUR", lines, issuedAt),
            new SeedEvent(Guid.NewGuid(), OrderingEvents.StreamId(orderId), InvoicingEvents.ClientInvoiced, "platform", issuedAt));
    }

    private async Task<string> IssueAsync(InvoiceIssue issue)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<InvoiceActivities>();
        return await new ActivityEnvironment().RunAsync(() => activities.IssueInvoiceAsync(issue));
    }

    private async Task<T> WithAsync<T>(Func<InvoicingDbContext, Task<T>> read)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<InvoicingDbContext>());
    }
}
