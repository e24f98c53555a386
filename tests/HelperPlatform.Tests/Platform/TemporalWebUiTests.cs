using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Temporalio.Api.Enums.V1;
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
    public async Task RunningOrder_IsListed_AndOpensOnItsHistory_WithItsPickAmongItsRelationships()
    {
        var flow = new OrderFlow(fixture.Host);
        var (client, order, _) = await flow.OrderAsync();
        client.Dispose();
        await flow.WaitForPickStageAsync(order.Id, PickStage.ReadyToAssemble);
        var orderWorkflowId = OrderWorkflow.WorkflowId(order.Id);

        await using var browser = await (await Browser.GetAsync()).NewPageAsync(nameof(RunningOrder_IsListed_AndOpensOnItsHistory_WithItsPickAmongItsRelationships));
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

        Assert.Empty(browser.OutsideRequests);
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
