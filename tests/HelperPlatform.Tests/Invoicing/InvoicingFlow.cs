using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>Completes orders through the real API and follows their invoices, as the apps and managers would see them.</summary>
internal sealed class InvoicingFlow(PlatformHost host)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    public OrderFlow Orders { get; } = new(host);

    /// <summary>
    /// A new client's order carried to completion: not reviewed, or, with <paramref name="qualityPassed"/>, reviewed
    /// and passed or failed (the failed branch's day of cool-down skipped). With <paramref name="paymentToken"/> the
    /// client registers that Golden Hat token first; <paramref name="refundPercent"/> sets the service type's
    /// <c>qualityRefundPercent</c>, <paramref name="payoutPercent"/> its <c>qualityPayoutPercent</c>.
    /// </summary>
    /// <param name="registered">Runs once the payment method is registered, before the order completes (e.g. to break Golden Hat).</param>
    /// <param name="promotionCode">A code the client quotes with.</param>
    public async Task<(Party Client, Guid OrderId)> CompleteOrderAsync(
        string? paymentToken = null, bool? qualityPassed = null, int? refundPercent = null, Action? registered = null, string? promotionCode = null, int? payoutPercent = null)
    {
        var sku = OrderFlow.UniqueSku();
        await Orders.StockAsync(sku, 10);
        var tree = OrderFlow.Tree(sku, qualityPassed is null ? 0 : 100);
        if (refundPercent is { } percent)
        {
            tree["properties"]!["qualityRefundPercent"] = percent;
        }

        if (payoutPercent is { } kept)
        {
            tree["properties"]!["qualityPayoutPercent"] = kept;
        }

        var code = await Orders.PublishAsync(tree);
        var client = await Orders.SignInAsync(PlatformRoles.Client);
        if (paymentToken is not null)
        {
            using var registration = await client.Http.PostAsJsonAsync("/api/payment-methods", new { token = paymentToken });
            Assert.True(registration.StatusCode == HttpStatusCode.Created, await registration.Content.ReadAsStringAsync());
        }

        registered?.Invoke();
        var quote = promotionCode is null ? await OrderFlow.QuoteAsync(client.Http, code) : await DiscountApi.QuotedAsync(client.Http, code, promotionCode);
        var order = await OrderFlow.PlaceAsync(client.Http, quote.Id);
        using var worker = await Orders.JoinPoolAsync(sku);
        await Orders.BringToCheckInAsync(order.Id, worker);
        await Orders.CheckInAndReportAsync(order.Id, worker);
        if (qualityPassed is { } passed)
        {
            using var manager = await Orders.SignInAsync(PlatformRoles.Manager);
            await Orders.WaitForStatusAsync(order.Id, OrderStatus.QualityReview);
            using var verdict = await OrderFlow.RecordVerdictAsync(manager, order.Id, passed);
            Assert.True(verdict.StatusCode == HttpStatusCode.NoContent, await verdict.Content.ReadAsStringAsync());
            if (!passed)
            {
                await host.SkipPastTimerAsync(OrderWorkflow.WorkflowId(order.Id), TimeSpan.FromDays(1));
            }
        }

        await Orders.WaitForStatusAsync(order.Id, OrderStatus.Completed);
        return (client, order.Id);
    }

    /// <summary>How many times the invoicing journal recorded <paramref name="eventType"/> for the order.</summary>
    public Task<int> InvoicingEventsAsync(Guid orderId, string eventType) =>
        Orders.WithAsync<InvoicingDbContext, int>(db => db.Events.CountAsync(recorded => recorded.StreamId == OrderingEvents.StreamId(orderId) && recorded.Type == eventType));

    /// <summary>
    /// Waits until the client of an order that sends them no notices of its own was told of <paramref name="count"/>
    /// declines of its invoice. A test skips to the next retry's timer only then: the decline is recorded before the
    /// charge's confirmation wait is cancelled in the workflow's history, and a skip made in between would fire that
    /// wait's timer instead of the retry's; the notice is sent after it.
    /// </summary>
    public Task WaitForDeclineNoticesAsync(Party client, Guid orderId, int count)
    {
        ArgumentNullException.ThrowIfNull(client);
        return NotificationSubjectsAsync(client.Id, orderId, atLeast: count);
    }

    /// <summary>Polls the invoice list (as a manager) until the order's invoice satisfies <paramref name="until"/>.</summary>
    /// <param name="limit">How long to wait; 30 s unless given.</param>
    public async Task<InvoiceResponse> WaitForInvoiceAsync(Guid orderId, Func<InvoiceResponse, bool> until, string what, TimeSpan? limit = null)
    {
        using var manager = await host.CreateClientAsync(PlatformRoles.Manager);
        var deadline = DateTimeOffset.UtcNow + (limit ?? WaitLimit);
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

    /// <summary>
    /// The messages sent to <paramref name="recipient"/> about the order, oldest first, once there are at least
    /// <paramref name="atLeast"/>: a workflow stores its status before it sends the notices about it.
    /// </summary>
    public async Task<List<string>> NotificationSubjectsAsync(string recipient, Guid orderId, int atLeast)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            var subjects = await Orders.WithAsync<OnboardingDbContext, List<string>>(db => db.Notifications
                .Where(message => message.Recipient == recipient && message.Reference == OrderingEvents.StreamId(orderId))
                .OrderBy(message => message.RecordedAt)
                .Select(message => message.Subject)
                .ToListAsync());
            if (subjects.Count >= atLeast)
            {
                return subjects;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{recipient} got {subjects.Count} of the {atLeast} notices about order {orderId}: {string.Join("; ", subjects)}");
            await Task.Delay(50);
        }
    }

    /// <summary>The sum of the invoice's postings to <paramref name="account"/>.</summary>
    public Task<decimal> PostedAsync(Guid invoiceId, LedgerAccount account) =>
        Orders.WithAsync<InvoicingDbContext, decimal>(db => db.LedgerEntries
            .Where(entry => entry.InvoiceId == invoiceId)
            .SelectMany(entry => entry.Postings)
            .Where(posting => posting.Account == account)
            .SumAsync(posting => posting.Amount));

    /// <summary>The ledger's invariants (<see cref="LedgerAudit"/>) over everything the host posted so far.</summary>
    public async Task AssertLedgerConsistentAsync()
    {
        var audit = await LedgerAudit.RunAsync(host.ConnectionString);
        Assert.True(audit.Entries > 0, "The host's ledger has no entry to check.");
        Assert.Empty(audit.Problems);
    }
}
