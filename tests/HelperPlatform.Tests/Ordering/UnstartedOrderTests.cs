using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Ordering;
using Temporalio.Client;

namespace HelperPlatform.Tests.Ordering;

/// <summary>
/// An order its placement stored but could not start (the client got 503 and never sent the request again):
/// the host starts its workflow by itself, once, and the order goes on.
/// </summary>
public sealed class UnstartedOrderTests : IAsyncLifetime
{
    private PlatformHost? host;

    private PlatformHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => host = await PlatformHost.StartAsync(
        $"{UnstartedOrderSettings.Section}:CheckInterval=00:00:00.200", $"{UnstartedOrderSettings.Section}:StartAfter=00:00:01");

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Order_StoredButNotStarted_IsStartedByTheHostAndGoesOn()
    {
        var flow = new OrderFlow(Host);
        var sku = OrderFlow.UniqueSku();
        await flow.StockAsync(sku, 10);
        var code = await flow.PublishAsync(OrderFlow.Tree(sku, samplingPercent: 0));
        using var client = await flow.SignInAsync(PlatformRoles.Client);
        var quote = await OrderFlow.QuoteAsync(client.Http, code);

        // What a placement answered 503 leaves behind: the order stored at its start, no workflow.
        var order = await flow.StoreWithoutStartingAsync(client.Id, quote.Id, new OrderStart(OrderStatus.Picking, "pick"));

        await flow.WaitForPickStageAsync(order.Id, Workflows.Warehouse.PickStage.ReadyToAssemble);
        var picking = await flow.WaitForStatusAsync(order.Id, OrderStatus.Picking);
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(Host.Temporal.Address));
        var started = await temporal.GetWorkflowHandle(OrderWorkflow.WorkflowId(order.Id)).DescribeAsync();

        Assert.Equal(Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running, started.Status);
        Assert.Equal([OrderingEvents.HelpRequested], picking.Timeline.Select(entry => entry.Type));
    }
}
