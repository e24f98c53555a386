using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using Npgsql;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// The release of a promotion code's use on cancellation is durable: with Invoicing in its own process, a cancellation
/// while that process is down answers at once, and the use is released once Invoicing is back.
/// </summary>
public sealed class PromotionCodeReleaseTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ACancellationWhileInvoicingIsDown_AnswersAtOnce_AndTheUseIsReleasedWhenInvoicingIsBack()
    {
        await using var ordering = await PlatformHost.StartAsync("Platform:Contexts=Management,Onboarding,Ordering,Warehouse,Execution", "Contractor:EmbeddedDeliveryDelay=00:00:00.200");
        string[] invoicingOnly = [$"ConnectionStrings:Platform={ordering.ConnectionString}", $"Temporal:Address={ordering.Temporal.Address}", "Platform:Contexts=Invoicing"];
        var flow = new OrderFlow(ordering);
        var sku = OrderFlow.UniqueSku();
        await flow.StockAsync(sku, 10);
        var serviceType = await flow.PublishAsync(OrderFlow.Tree(sku, samplingPercent: 0));
        var code = DiscountApi.UniqueCode();
        using var client = await flow.SignInAsync(PlatformRoles.Client);
        QuoteResponse quote;
        OrderResponse order;
        await using (var invoicing = await PlatformHost.StartAsync(invoicingOnly))
        {
            await invoicing.WaitUntilReadyAsync();
            await new DiscountApi(invoicing).CreateCodeAsync(new JsonObject { ["code"] = code, ["percent"] = 10, ["totalUsageLimit"] = 1 });
            quote = await DiscountApi.QuotedAsync(client.Http, serviceType, code);
            order = await OrderFlow.PlaceAsync(client.Http, quote.Id);
            await WaitForUseAsync(ordering.ConnectionString, quote.Id, "Confirmed");
        }

        using var cancel = await client.Http.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { reason = "plans changed" });
        var cancelled = (await cancel.Content.ReadFromJsonAsync<CancelOrderResponse>())!;
        var whileDown = await UseStatusAsync(ordering.ConnectionString, quote.Id);
        await using var invoicingAgain = await PlatformHost.StartAsync(invoicingOnly);
        await WaitForUseAsync(ordering.ConnectionString, quote.Id, "Released");

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Contains("promotion-code-release-scheduled", cancelled.Compensations);
        Assert.Equal("Confirmed", whileDown);
        Assert.Equal(0, (await new DiscountApi(invoicingAgain).CodeAsync(code)).Used);
    }

    private static async Task WaitForUseAsync(string connectionString, Guid quoteId, string status)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        string? current;
        while ((current = await UseStatusAsync(connectionString, quoteId)) != status)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The use of quote {quoteId} is {current ?? "missing"}, never {status}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Read directly: the Ordering host maps no Invoicing database.</summary>
    private static async Task<string?> UseStatusAsync(string connectionString, Guid quoteId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM invoicing.promotion_code_redemptions WHERE quote_id = $1", connection) { Parameters = { new() { Value = quoteId } } };
        return (string?)await command.ExecuteScalarAsync();
    }
}
