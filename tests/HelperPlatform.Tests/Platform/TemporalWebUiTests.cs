using System.Net.Http.Json;
using HelperPlatform.Activities.Warehouse;
using HelperPlatform.Activities.Warehouse.Contractor;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace HelperPlatform.Tests.Platform;

/// <summary>
/// The Temporal Web UI that the host's embedded dev server serves, opened in the browser as ops would: the platform's
/// workflows in it are the ones the host runs.
/// </summary>
public sealed class TemporalWebUiTests(TemporalWebUiTests.EmbeddedHostFixture fixture) : IClassFixture<TemporalWebUiTests.EmbeddedHostFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task RunningOrder_IsListed_AndOpensOnItsHistory_WithItsPickAmongItsRelationships_AndItsQueuesWorkers()
    {
        var flow = new OrderFlow(fixture.Host);
        var (client, order, _) = await flow.OrderAsync();
        client.Dispose();
        await flow.WaitForPickStageAsync(order.Id, PickStage.ReadyToAssemble);
        var orderWorkflowId = OrderWorkflow.WorkflowId(order.Id);

        await using var browser = await (await Browser.GetAsync()).NewPageAsync(nameof(RunningOrder_IsListed_AndOpensOnItsHistory_WithItsPickAmongItsRelationships_AndItsQueuesWorkers));
        var page = browser.Page;
        await page.GotoAsync($"{fixture.WebUiUrl}/namespaces/default/workflows");
        var listed = page.GetByRole(AriaRole.Row).Filter(new() { HasText = orderWorkflowId });
        await Assertions.Expect(listed.GetByText("Running", new() { Exact = true })).ToBeVisibleAsync(Patiently);
        await listed.GetByRole(AriaRole.Link, new() { Name = orderWorkflowId, Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByText(nameof(OrderWorkflow), new() { Exact = true }).First).ToBeVisibleAsync(Patiently);
        await Assertions.Expect(page.GetByText("Workflow Execution Started").First).ToBeVisibleAsync(Patiently);
        await Assertions.Expect(page.GetByText("Child Workflow Execution Started").First).ToBeVisibleAsync(Patiently);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Relationships" }).ClickAsync();
        await Assertions.Expect(page.GetByText(PickingWorkflow.WorkflowId(order.Id)).First).ToBeVisibleAsync(Patiently);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Workers" }).ClickAsync();
        await Assertions.Expect(page.GetByText(await OrderingWorkerIdentityAsync()).First).ToBeVisibleAsync(Patiently);

        Assert.Empty(browser.OutsideRequests);
    }

    [Fact]
    public async Task StuckPick_ShowsItsPurchasesPendingActivity_WithTheLastFailure_WhileTheContractorRefuses()
    {
        var flow = new OrderFlow(fixture.Host);
        var contractor = await fixture.Host.Services.GetRequiredService<ContractorConnection>().GetAsync(CancellationToken.None);
        using var simulator = new HttpClient { BaseAddress = contractor.BaseUrl };
        await SetContractorFailuresAsync(simulator, int.MaxValue);
        try
        {
            // One cookie on the shelf for a kit of two: the pick buys the rest, and the contractor refuses.
            var (client, order, sku) = await flow.OrderAsync(stock: 1);
            client.Dispose();
            var purchaseId = CookiePurchaseWorkflow.WorkflowId(await flow.WithAsync<WarehouseDbContext, Guid>(db => WaitForPurchaseOrderAsync(db, sku)));
            var temporal = await fixture.Host.Services.GetRequiredService<TemporalClientProvider>().GetClientAsync(CancellationToken.None);
            var runId = await WaitForFailedAttemptAsync(temporal, purchaseId);

            await using var browser = await (await Browser.GetAsync()).NewPageAsync(nameof(StuckPick_ShowsItsPurchasesPendingActivity_WithTheLastFailure_WhileTheContractorRefuses));
            var page = browser.Page;
            await page.GotoAsync($"{fixture.WebUiUrl}/namespaces/default/workflows/{purchaseId}/{runId}/pending-activities");

            await Assertions.Expect(page.GetByText("PlaceContractorOrder").First).ToBeVisibleAsync(Patiently);
            await Assertions.Expect(page.GetByText("Last Failure").First).ToBeVisibleAsync(Patiently);
            await Assertions.Expect(page.GetByText("Next Retry").First).ToBeVisibleAsync(Patiently);
            Assert.Empty(browser.OutsideRequests);
            Assert.Equal(PickStage.AwaitingDelivery, await flow.PickStageAsync(order.Id));
        }
        finally
        {
            await SetContractorFailuresAsync(simulator, 0);
        }
    }

    [Fact]
    public async Task Terminate_FromTheWorkflowPage_EndsTheWorkflow_AsTheSdkSees()
    {
        var temporal = await fixture.Host.Services.GetRequiredService<TemporalClientProvider>().GetClientAsync(CancellationToken.None);
        // Nobody polls this queue: the workflow stays running with nothing of the platform's touched.
        var handle = await temporal.StartWorkflowAsync(
            "WebUiTestIdle", [], new WorkflowOptions($"web-ui-terminate-{Guid.NewGuid():N}", $"web-ui-tests-{Guid.NewGuid():N}"));
        var runId = (await handle.DescribeAsync()).RunId;

        await using var browser = await (await Browser.GetAsync()).NewPageAsync(nameof(Terminate_FromTheWorkflowPage_EndsTheWorkflow_AsTheSdkSees));
        var page = browser.Page;
        await page.GotoAsync($"{fixture.WebUiUrl}/namespaces/default/workflows/{handle.Id}/{runId}/history");
        await page.GetByRole(AriaRole.Button, new() { Name = "Workflow Actions" }).ClickAsync(new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Terminate" }).ClickAsync();
        // The page holds the actions twice (wide and narrow layouts): the open dialog is the visible one.
        var confirmation = page.GetByTestId("terminate-confirmation-modal").Filter(new() { Visible = true });
        await confirmation.GetByPlaceholder("Enter a reason").FillAsync("closed from the Web UI test");
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Terminate" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Terminated", new() { Exact = true }).First).ToBeVisibleAsync(Patiently);

        var described = await handle.DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Terminated, described.Status);
        Assert.Empty(browser.OutsideRequests);
    }

    private async Task<string> OrderingWorkerIdentityAsync()
    {
        var temporal = await fixture.Host.Services.GetRequiredService<TemporalClientProvider>().GetClientAsync(CancellationToken.None);
        var queue = await temporal.WorkflowService.DescribeTaskQueueAsync(new DescribeTaskQueueRequest
        {
            Namespace = temporal.Options.Namespace,
            TaskQueue = new() { Name = BoundedContext.Ordering.TaskQueue() },
            TaskQueueType = TaskQueueType.Workflow,
        });
        return Assert.Single(queue.Pollers).Identity;
    }

    private static async Task SetContractorFailuresAsync(HttpClient simulator, int failNextOrders)
    {
        using var changed = await simulator.PutAsJsonAsync("/simulator/behaviour", new { failNextOrders });
        changed.EnsureSuccessStatusCode();
    }

    private static async Task<Guid> WaitForPurchaseOrderAsync(WarehouseDbContext db, string sku)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await db.PurchaseOrders.Where(purchase => purchase.Sku == sku).Select(purchase => (Guid?)purchase.Id).SingleOrDefaultAsync() is { } id)
            {
                return id;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"No purchase order for {sku} was recorded.");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the purchase's contractor call has failed once and waits for its retry; returns the run.</summary>
    private static async Task<string> WaitForFailedAttemptAsync(ITemporalClient temporal, string purchaseId)
    {
        var request = new DescribeWorkflowExecutionRequest { Namespace = temporal.Options.Namespace, Execution = new() { WorkflowId = purchaseId } };
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var described = await temporal.WorkflowService.DescribeWorkflowExecutionAsync(request);
            if (described.PendingActivities.Any(activity => activity.LastFailure is not null))
            {
                return described.WorkflowExecutionInfo.Execution.RunId;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{purchaseId} has no failed contractor call.");
            await Task.Delay(100);
        }
    }

    /// <summary>The host as <c>dotnet run --project host</c> starts it (no Temporal address: the embedded dev server and its UI), on a free UI port.</summary>
    public sealed class EmbeddedHostFixture : IAsyncLifetime
    {
        private PlatformHost? host;

        public PlatformHost Host => host ?? throw new InvalidOperationException("The host has not started.");

        public string WebUiUrl => Host.Services.GetRequiredService<TemporalClientProvider>().WebUiUrl
            ?? throw new InvalidOperationException("The embedded dev server serves no Web UI.");

        public async Task InitializeAsync()
        {
            host = await PlatformHost.StartAsync("Temporal:Address=", "Temporal:WebUi:Port=0", "Contractor:EmbeddedDeliveryDelay=00:00:00.200");
            await host.WaitUntilReadyAsync();
        }

        public async Task DisposeAsync()
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
    }
}
