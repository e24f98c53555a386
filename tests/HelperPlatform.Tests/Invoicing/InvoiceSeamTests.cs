using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Temporalio.Client;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// The seam between ordering and invoicing: a completed order starts its invoice on the Invoicing queue without
/// waiting for it, so ordering never waits for invoicing, and an invoice is never made for a cancelled order.
/// </summary>
public sealed class InvoiceSeamTests
{
    private const string EveryContextButInvoicing = "Platform:Contexts=Management,Onboarding,Ordering,Warehouse,Execution";

    [Fact]
    public async Task Orders_CompleteWhileInvoicingIsNotRunning_AndAreInvoicedOnceItStarts()
    {
        await using var ordering = await PlatformHost.StartAsync(EveryContextButInvoicing, "Contractor:EmbeddedDeliveryDelay=00:00:00.200");
        await ordering.WaitUntilReadyAsync();
        var flow = new InvoicingFlow(ordering);

        var (client, orderId) = await flow.CompleteOrderAsync();
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(ordering.Temporal.Address));
        var invoiceRun = await temporal.GetWorkflowHandle(InvoiceWorkflow.WorkflowId(orderId)).DescribeAsync();
        // Started, waiting for an Invoicing worker, while the order is closed.
        Assert.Equal(Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running, invoiceRun.Status);
        Assert.Equal("helperplatform-invoicing", invoiceRun.TaskQueue);

        await using var invoicing = await PlatformHost.StartBesideAsync(ordering, "Platform:Contexts=Invoicing");
        await invoicing.WaitUntilReadyAsync();
        var invoice = await new InvoicingFlow(invoicing).WaitForInvoiceAsync(orderId, _ => true, "issued");

        var order = await flow.Orders.WaitForStatusAsync(orderId, OrderStatus.Completed);
        Assert.Equal(client.Id, invoice.ClientId);
        Assert.Equal(order.Order.Price, invoice.Total);
        Assert.Matches(@"^INV-\d{4}-000001$", invoice.Number);
        client.Dispose();
    }

    [Fact]
    public async Task CancelledOrder_IsNeverInvoiced()
    {
        await using var host = await PlatformHost.StartAsync();
        await host.WaitUntilReadyAsync();
        var flow = new OrderFlow(host);
        var (client, order, _) = await flow.OrderAsync();

        using var cancel = await client.Http.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { reason = "Plans changed." });
        var cancelled = await flow.WaitForStatusAsync(order.Id, OrderStatus.Cancelled);

        Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(host.Temporal.Address));
        var describe = () => temporal.GetWorkflowHandle(InvoiceWorkflow.WorkflowId(order.Id)).DescribeAsync();
        await Assert.ThrowsAsync<Temporalio.Exceptions.RpcException>(describe);
        Assert.False(await flow.WithAsync<InvoicingDbContext, bool>(db => db.Invoices.AnyAsync(invoice => invoice.OrderId == order.Id)));
        Assert.Equal(OrderStatus.Cancelled, cancelled.Order.Status);
        client.Dispose();
    }
}
