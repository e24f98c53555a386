using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.Earnings;
using HelperPlatform.Activities.Invoicing.Invoices;
using HelperPlatform.Activities.Invoicing.Ledger;
using HelperPlatform.Activities.Invoicing.Refunds;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// The suite's ledger check really fails: in a database of its own, kept out of the run's list, a test plants what
/// PostgreSQL's triggers would refuse (its triggers switched off for the session), and what no trigger checks, and the
/// audit reports each.
/// </summary>
public sealed class LedgerAuditTests
{
    [Fact]
    public async Task PlantedUnbalancedEntry_InvoiceBookedWrong_SettlementNotBooked_AndEarningNotOwed_AreReported()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync(listed: false);
        var services = new ServiceCollection().AddContextDatabase(BoundedContext.Invoicing, connectionString).BuildServiceProvider();
        await using (services)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
            await db.Database.MigrateAsync();
            var clean = await LedgerAudit.RunAsync(connectionString);
            var invoiceId = Guid.NewGuid();
            var at = DateTimeOffset.UtcNow;
            LedgerBook.Post(db, LedgerEntries.Credited("balanced", invoiceId, "EUR", 10.00m, 0m, at));
            db.Invoices.Add(new Invoice
            {
                Id = invoiceId, Number = "INV-2026-000001", Year = 2026, Sequence = 1, OrderId = Guid.NewGuid(), ClientId = "client", Currency = "EUR",
                Net = 45.00m, Tax = 0m, Total = 45.00m, Status = InvoiceStatus.Paid, IssuedAt = at, DueAt = at, UpdatedAt = at,
            });
            // Refunded beyond the charge, and with neither its credit note nor its entry.
            var refundId = Guid.Parse("01a250d1-0000-7000-8000-000000000002");
            db.Refunds.Add(new Refund
            {
                Id = refundId, InvoiceId = invoiceId, Currency = "EUR", Amount = 50.00m, Reason = "Planted", RequestedBy = "manager", RequestedAt = at,
                Status = RefundStatus.Refunded, GoldenHatRefundId = "re_planted", UpdatedAt = at,
            });
            // Written off on a paid invoice, and booked to no bad debts.
            db.InvoiceSettlements.Add(new InvoiceSettlementRow
            {
                Id = Guid.NewGuid(), InvoiceId = invoiceId, Kind = SettlementKind.WrittenOff, Currency = "EUR", Amount = 45.00m, Reason = "Planted", SettledBy = "manager", SettledAt = at,
            });
            var orderId = Guid.Parse("01a250d1-0000-7000-8000-000000000001");
            db.Earnings.Add(new Earning
            {
                OrderId = orderId, WorkerId = "worker", ServiceTypeCode = "office-cookies", ServiceTypeVersion = 1, Currency = "EUR", Payout = 30.00m,
                Quality = QualityOutcome.NotReviewed, KeptPercent = 100, Amount = 30.00m, EarnedAt = at,
            });
            await db.Database.OpenConnectionAsync();
            // Triggers (the balance check among them) do not fire for a replica's session.
            await db.Database.ExecuteSqlRawAsync("SET session_replication_role = replica");
            db.LedgerEntries.Add(new LedgerEntryRow
            {
                Id = Guid.NewGuid(), IdempotencyKey = "planted", Description = "Planted", RecordedAt = at,
                Postings = [new LedgerPostingRow { Account = LedgerAccount.CashAtGoldenHat, Currency = "EUR", Amount = 10.00m }],
            });
            await db.SaveChangesAsync();

            var planted = await LedgerAudit.RunAsync(connectionString);

            Assert.Equal((0L, 0), (clean.Entries, clean.Problems.Count));
            Assert.Equal(2L, planted.Entries);
            Assert.Equal(
                [
                    $"{planted.Database}: entry with fewer than two postings: planted: 1 posting(s)",
                    $"{planted.Database}: entry not summing to zero: planted: EUR 10.00",
                    $"{planted.Database}: invoice whose total is not its receivable: INV-2026-000001: total 45.00, booked 0",
                    $"{planted.Database}: invoice whose lines, net or tax do not add up or are not booked: INV-2026-000001: net 45.00, tax 0, total 45.00; lines 0, their tax 0; booked net 0, tax 0",
                    $"{planted.Database}: invoice whose credit notes are not booked: INV-2026-000001: credit notes net 0, tax 0; booked net 10.00, tax 0",
                    $"{planted.Database}: invoice refunded beyond what was charged: INV-2026-000001: charged 45.00, refunds counted 50.00",
                    $"{planted.Database}: refund not booked as it stands: {refundId} (Refunded, 50.00): credit note none, paid out of Golden Hat nothing",
                    $"{planted.Database}: settlement outside Golden Hat not booked as it stands: INV-2026-000001 (Paid): due 45.00, settled WrittenOff 45.00; booked to CashAtBank 0, to BadDebts 0",
                    $"{planted.Database}: settled invoice still receivable: INV-2026-000001 (Paid): -10.00 receivable",
                    $"{planted.Database}: earning not owed to its worker: {orderId}: 30.00 EUR for worker, booked nothing",
                ],
                planted.Problems);
            Assert.DoesNotContain(connectionString, (await PostgresServer.GetAsync()).Databases);
        }
    }
}
