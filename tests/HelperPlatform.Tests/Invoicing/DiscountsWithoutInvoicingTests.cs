using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// A failure of invoicing never stops ordering: with no Invoicing worker anywhere, a quote and an order without a
/// promotion code go through (without the client's own discounts), and one with a code is a clear 503 that stores nothing.
/// </summary>
public sealed class DiscountsWithoutInvoicingTests
{
    [Fact]
    public async Task WithoutTheInvoicingContext_OrdersWithoutACodeGoThrough_AndACodeIs503()
    {
        await using var host = await PlatformHost.StartAsync("Platform:Contexts=Management,Onboarding,Ordering,Warehouse,Execution");
        await host.WaitUntilReadyAsync();
        var flow = new OrderFlow(host);
        var sku = OrderFlow.UniqueSku();
        await flow.StockAsync(sku, 10);
        var serviceType = await flow.PublishAsync(OrderFlow.Tree(sku, samplingPercent: 0));
        using var client = await flow.SignInAsync(PlatformRoles.Client);

        var plain = await DiscountApi.QuotedAsync(client.Http, serviceType, null);
        var order = await OrderFlow.PlaceAsync(client.Http, plain.Id);
        using var withCode = await DiscountApi.QuoteAsync(client.Http, serviceType, "WELCOME10");
        var codeQuote = await flow.WithAsync<OrderingDbContext, Activities.Ordering.Quotes.Quote>(async db =>
        {
            // A quote priced with a code while Invoicing still ran.
            var quote = await db.Quotes.AsNoTracking().SingleAsync(stored => stored.Id == plain.Id);
            quote.Id = Guid.NewGuid();
            quote.PromotionCode = "WELCOME10";
            db.Quotes.Add(quote);
            await db.SaveChangesAsync();
            return quote;
        });
        using var placedWithCode = await client.Http.PostAsJsonAsync("/api/orders", new { quoteId = codeQuote.Id });

        Assert.Empty(plain.Discounts);
        Assert.Equal(plain.Total, order.Price);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, withCode.StatusCode);
        Assert.Contains("Promotion codes cannot be checked right now", await withCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, placedWithCode.StatusCode);
        Assert.False(await flow.WithAsync<OrderingDbContext, bool>(db => db.Orders.AnyAsync(stored => stored.QuoteId == codeQuote.Id)));
        // The plain quote and its copy: the quote refused with 503 stored nothing.
        Assert.Equal(2, await flow.WithAsync<OrderingDbContext, int>(db => db.Quotes.CountAsync(stored => stored.ClientId == client.Id)));
    }
}
