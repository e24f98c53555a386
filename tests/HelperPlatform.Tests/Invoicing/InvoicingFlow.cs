using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>Completes orders through the real API and follows their invoices, as the apps and managers would see them.</summary>
internal sealed class InvoicingFlow(PlatformHost host)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    public OrderFlow Orders { get; } = new(host);

    /// <summary>A client's order, not reviewed, carried to completion.</summary>
    public async Task<(Party Client, Guid OrderId)> CompleteOrderAsync()
    {
        var (client, order, sku) = await Orders.OrderAsync(samplingPercent: 0);
        using var worker = await Orders.JoinPoolAsync(sku);
        await Orders.BringToCheckInAsync(order.Id, worker);
        await Orders.CheckInAndReportAsync(order.Id, worker);
        await Orders.WaitForStatusAsync(order.Id, OrderStatus.Completed);
        return (client, order.Id);
    }

    /// <summary>Polls the invoice list (as a manager) until the order's invoice satisfies <paramref name="until"/>.</summary>
    public async Task<InvoiceResponse> WaitForInvoiceAsync(Guid orderId, Func<InvoiceResponse, bool> until, string what)
    {
        using var manager = await host.CreateClientAsync(PlatformRoles.Manager);
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            var invoice = (await manager.GetFromJsonAsync<List<InvoiceResponse>>("/api/invoices?limit=200"))!.SingleOrDefault(invoice => invoice.OrderId == orderId);
            if (invoice is not null && until(invoice))
            {
                return invoice;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The invoice of order {orderId} never reached '{what}'; it is {invoice?.Status.ToString() ?? "not issued"}.");
            await Task.Delay(50);
        }
    }

    /// <summary>The messages sent to <paramref name="recipient"/> about the order, oldest first.</summary>
    public Task<List<string>> NotificationSubjectsAsync(string recipient, Guid orderId) =>
        Orders.WithAsync<OnboardingDbContext, List<string>>(db => db.Notifications
            .Where(message => message.Recipient == recipient && message.Reference == OrderingEvents.StreamId(orderId))
            .OrderBy(message => message.RecordedAt)
            .Select(message => message.Subject)
            .ToListAsync());

    /// <summary>
    /// The ledger's invariants over everything posted so far: every entry has two or more postings summing to zero
    /// per currency, and every invoice's journal entry books exactly its totals.
    /// </summary>
    public async Task AssertLedgerConsistentAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
        var entries = await db.LedgerEntries.AsNoTracking().Include(entry => entry.Postings).ToListAsync();
        Assert.NotEmpty(entries);
        Assert.All(entries, entry =>
        {
            Assert.True(entry.Postings.Count >= 2, $"Entry {entry.IdempotencyKey} has {entry.Postings.Count} postings.");
            Assert.All(entry.Postings.GroupBy(posting => posting.Currency), currency => Assert.Equal(0m, currency.Sum(posting => posting.Amount)));
        });

        var invoices = await db.Invoices.AsNoTracking().Include(invoice => invoice.Lines).ToListAsync();
        Assert.All(invoices, invoice =>
        {
            var issued = entries.Single(entry => entry.InvoiceId == invoice.Id && entry.Description == "Client invoiced");
            decimal Booked(Workflows.Invoicing.LedgerAccount account) => issued.Postings.Where(posting => posting.Account == account).Sum(posting => posting.Amount);
            Assert.Equal(invoice.Total, Booked(Workflows.Invoicing.LedgerAccount.ClientReceivables));
            Assert.Equal(-invoice.Tax, Booked(Workflows.Invoicing.LedgerAccount.TaxPayable));
            Assert.Equal(invoice.Net, -Booked(Workflows.Invoicing.LedgerAccount.Revenue) - Booked(Workflows.Invoicing.LedgerAccount.DiscountsGiven));
            Assert.Equal(invoice.Net, invoice.Lines.Sum(line => line.Amount));
            Assert.Equal(invoice.Tax, invoice.Lines.Sum(line => line.Tax));
            Assert.Equal(invoice.Total, invoice.Net + invoice.Tax);
        });
    }
}
