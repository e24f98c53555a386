using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Tests.Infrastructure;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>Dunning on durable timers: the client is told after each failed attempt, retried after 1, 3 and 7 days, then the invoice is overdue and managers are told.</summary>
public sealed class DunningTests(InvoicingFixture fixture) : IClassFixture<InvoicingFixture>
{
    private readonly InvoicingFlow flow = new(fixture.Host);

    [Fact]
    public async Task ClientWithoutAPaymentMethod_IsDunnedOnSchedule_UntilTheInvoiceIsOverdue_AndManagersAreTold()
    {
        var (client, orderId) = await flow.CompleteOrderAsync();
        var workflowId = InvoiceWorkflow.WorkflowId(orderId);
        var invoice = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Dunning, "dunning");

        foreach (var wait in new[] { TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7) })
        {
            await fixture.Host.SkipPastTimerAsync(workflowId, wait);
        }

        await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Overdue, "overdue");
        var toClient = await flow.NotificationSubjectsAsync(client.Id, orderId, atLeast: 4);
        var toManagers = await flow.NotificationSubjectsAsync(OrderNotifications.Managers, orderId, atLeast: 1);

        Assert.Equal(
            [.. Enumerable.Repeat($"We could not charge invoice {invoice.Number}", 3), $"Invoice {invoice.Number} is overdue"],
            toClient);
        Assert.Equal([$"Invoice {invoice.Number} is overdue"], toManagers);
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }
}
