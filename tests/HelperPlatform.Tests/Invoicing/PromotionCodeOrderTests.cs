using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// Promotion codes and client discounts from the quote to the order, over the real API, Ordering's and Invoicing's
/// workers: the quote's stored price includes them, a placement reserves the code's use, the order's workflow confirms
/// it, a cancellation releases it, and the limits hold under concurrent placements.
/// </summary>
public sealed class PromotionCodeOrderTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    private OrderFlow Flow => new(fixture.Host);

    private DiscountApi Api => new(fixture.Host);

    [Fact]
    public async Task Quote_WithAPercentCodeInAnyCase_ShowsTheRoundedDiscount_AndStoresTheDiscountedTotal()
    {
        var serviceType = await PublishAsync();
        var code = DiscountApi.UniqueCode();
        await Api.CreateCodeAsync(new JsonObject { ["code"] = code, ["percent"] = 12.5m, ["serviceTypes"] = new JsonArray(serviceType) });
        using var client = await Flow.SignInAsync(PlatformRoles.Client);

        var quote = await DiscountApi.QuotedAsync(client.Http, serviceType, code.ToUpperInvariant());
        var stored = await Flow.WithAsync<OrderingDbContext, Activities.Ordering.Quotes.Quote>(db => db.Quotes.SingleAsync(stored => stored.Id == quote.Id));

        var subtotal = quote.BasePrice + quote.Surcharges.Sum(surcharge => surcharge.Amount);
        var discount = Assert.Single(quote.Discounts);
        // 12.5 % of 45.00 is 5.625, rounded half away from zero to 5.63 (of 55.00 with the weekend surcharge: 6.875, 6.88).
        Assert.Equal(decimal.Round(subtotal * 0.125m, 2, MidpointRounding.AwayFromZero), discount.Amount);
        Assert.Equal((DiscountSource.PromotionCode, code.ToUpperInvariant()), (discount.Source, discount.Reference));
        Assert.Equal(subtotal - discount.Amount, quote.Total);
        Assert.Equal((quote.Total, code.ToUpperInvariant()), (stored.Total, stored.PromotionCode));
        Assert.Equal(quote.Total, (await OrderFlow.PlaceAsync(client.Http, quote.Id)).Price);
    }

    [Fact]
    public async Task Quote_WithACodeThatCannotBeUsed_Is422NamingPromotionCode_AndStoresNoQuote()
    {
        var serviceType = await PublishAsync();
        var expired = DiscountApi.UniqueCode();
        var notYet = DiscountApi.UniqueCode();
        var otherService = DiscountApi.UniqueCode();
        var otherCurrency = DiscountApi.UniqueCode();
        var withdrawn = DiscountApi.UniqueCode();
        await Api.CreateCodeAsync(new JsonObject { ["code"] = expired, ["percent"] = 10, ["validUntil"] = "2026-01-01T00:00:00Z" });
        await Api.CreateCodeAsync(new JsonObject { ["code"] = notYet, ["percent"] = 10, ["validFrom"] = "2099-01-01T00:00:00Z" });
        await Api.CreateCodeAsync(new JsonObject { ["code"] = otherService, ["percent"] = 10, ["serviceTypes"] = new JsonArray("another-service") });
        await Api.CreateCodeAsync(new JsonObject { ["code"] = otherCurrency, ["amount"] = 5, ["currency"] = "USD" });
        await Api.CreateCodeAsync(new JsonObject { ["code"] = withdrawn, ["percent"] = 10 });
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        (await manager.PostAsync($"/api/promotion-codes/{withdrawn}/deactivate", null)).Dispose();
        using var client = await Flow.SignInAsync(PlatformRoles.Client);

        var refusals = new List<string>();
        foreach (var code in new[] { "NO-SUCH-CODE", expired, notYet, otherService, otherCurrency, withdrawn })
        {
            using var response = await DiscountApi.QuoteAsync(client.Http, serviceType, code);
            refusals.Add(await DiscountApi.ProblemAboutAsync(response, HttpStatusCode.UnprocessableEntity, "promotionCode"));
        }

        using var malformed = await DiscountApi.QuoteAsync(client.Http, serviceType, "no spaces!");
        Assert.Collection(
            refusals,
            refusal => Assert.Contains("no promotion code", refusal, StringComparison.Ordinal),
            refusal => Assert.Contains("expired", refusal, StringComparison.Ordinal),
            refusal => Assert.Contains("valid only from", refusal, StringComparison.Ordinal),
            refusal => Assert.Contains("does not apply to service type", refusal, StringComparison.Ordinal),
            refusal => Assert.Contains("only to prices in USD", refusal, StringComparison.Ordinal),
            refusal => Assert.Contains("withdrawn", refusal, StringComparison.Ordinal));
        await DiscountApi.ProblemAboutAsync(malformed, HttpStatusCode.BadRequest, "promotionCode");
        Assert.False(await Flow.WithAsync<OrderingDbContext, bool>(db => db.Quotes.AnyAsync(quote => quote.ClientId == client.Id)));
    }

    [Fact]
    public async Task ClientDiscount_AppliesByItself_ThenTheCode_AndTheTotalNeverGoesBelowZero()
    {
        var serviceType = await PublishAsync();
        using var client = await Flow.SignInAsync(PlatformRoles.Client);
        using var otherClient = await Flow.SignInAsync(PlatformRoles.Client);
        var small = await Api.GrantAsync(client.Id, new JsonObject { ["percent"] = 5 });
        var best = await Api.GrantAsync(client.Id, new JsonObject { ["percent"] = 10, ["description"] = "Loyal customer" });
        await Api.GrantAsync(client.Id, new JsonObject { ["percent"] = 50, ["validFrom"] = "2099-01-01T00:00:00Z" });
        var huge = DiscountApi.UniqueCode();
        await Api.CreateCodeAsync(new JsonObject { ["code"] = huge, ["amount"] = 10000, ["currency"] = "EUR" });

        var own = await DiscountApi.QuotedAsync(client.Http, serviceType, null);
        var capped = await DiscountApi.QuotedAsync(client.Http, serviceType, huge);
        var someoneElses = await DiscountApi.QuotedAsync(otherClient.Http, serviceType, null);

        var subtotal = own.BasePrice + own.Surcharges.Sum(surcharge => surcharge.Amount);
        var clientDiscount = Assert.Single(own.Discounts);
        Assert.Equal((DiscountSource.ClientDiscount, best.Id.ToString(), "Loyal customer"), (clientDiscount.Source, clientDiscount.Reference, clientDiscount.Description));
        Assert.NotEqual(small.Id.ToString(), clientDiscount.Reference);
        Assert.Equal((subtotal * 0.10m, subtotal * 0.90m), (clientDiscount.Amount, own.Total));
        Assert.Equal([DiscountSource.ClientDiscount, DiscountSource.PromotionCode], capped.Discounts.Select(discount => discount.Source));
        Assert.Equal((subtotal * 0.10m, subtotal * 0.90m, 0m), (capped.Discounts[0].Amount, capped.Discounts[1].Amount, capped.Total));
        Assert.Empty(someoneElses.Discounts);
    }

    [Fact]
    public async Task Placement_ReservesTheUse_TheWorkflowConfirmsIt_AndACancellationReleasesIt()
    {
        var serviceType = await PublishAsync();
        var code = DiscountApi.UniqueCode();
        await Api.CreateCodeAsync(new JsonObject { ["code"] = code, ["percent"] = 10, ["totalUsageLimit"] = 1 });
        using var first = await Flow.SignInAsync(PlatformRoles.Client);
        using var second = await Flow.SignInAsync(PlatformRoles.Client);

        var quote = await DiscountApi.QuotedAsync(first.Http, serviceType, code);
        var order = await OrderFlow.PlaceAsync(first.Http, quote.Id);
        using var retried = await first.Http.PostAsJsonAsync("/api/orders", new { quoteId = quote.Id });
        var confirmed = await Api.WaitForCodeAsync(code, current => current.Used == 1, "used once");
        using var usedUp = await DiscountApi.QuoteAsync(second.Http, serviceType, code);
        using var cancel = await first.Http.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { reason = "plans changed" });
        var cancelled = (await cancel.Content.ReadFromJsonAsync<CancelOrderResponse>())!;
        await Api.WaitForCodeAsync(code, current => current.Used == 0 && current.Reserved == 0, "released");
        var replay = await WorkflowReplay.CreateAsync(fixture.Host);
        var history = await replay.ClosedHistoryAsync(OrderWorkflow.WorkflowId(order.Id));
        var again = await DiscountApi.QuotedAsync(second.Http, serviceType, code);
        var secondOrder = await OrderFlow.PlaceAsync(second.Http, again.Id);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(0, confirmed.Reserved);
        Assert.Contains("used as often as it may be", await DiscountApi.ProblemAboutAsync(usedUp, HttpStatusCode.UnprocessableEntity, "promotionCode"), StringComparison.Ordinal);
        Assert.Contains("promotion-code-release-scheduled", cancelled.Compensations);
        // Spelt out: the histories of running orders name these activities.
        Assert.Equal(["ConfirmPromotionCodeUse", "ReleasePromotionCodeUse"], WorkflowReplay.Activities(history).Where(name => name.Contains("PromotionCode", StringComparison.Ordinal)));
        await replay.AssertReplaysAsync(history);
        Assert.Equal(again.Total, secondOrder.Price);
        await Api.WaitForCodeAsync(code, current => current.Used == 1, "used by the second order");
        Assert.Equal(
            [InvoicingEvents.PromotionCodeCreated, InvoicingEvents.PromotionCodeReserved, InvoicingEvents.PromotionCodeUseConfirmed, InvoicingEvents.PromotionCodeReleased,
                InvoicingEvents.PromotionCodeReserved, InvoicingEvents.PromotionCodeUseConfirmed],
            await Flow.WithAsync<InvoicingDbContext, List<string>>(db => db.Events
                .Where(recorded => recorded.StreamId == InvoicingEvents.PromotionCodeStream(code.ToUpperInvariant()))
                .OrderBy(recorded => recorded.OccurredAt)
                .Select(recorded => recorded.Type)
                .ToListAsync()));
    }

    [Fact]
    public async Task ParallelPlacements_OnACodeWithATotalLimitOfThree_PlaceExactlyThree()
    {
        var serviceType = await PublishAsync();
        var code = DiscountApi.UniqueCode();
        await Api.CreateCodeAsync(new JsonObject { ["code"] = code, ["amount"] = 5, ["currency"] = "EUR", ["totalUsageLimit"] = 3 });
        var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Flow.SignInAsync(PlatformRoles.Client)));
        var quotes = await Task.WhenAll(clients.Select(client => DiscountApi.QuotedAsync(client.Http, serviceType, code)));

        var placements = await Task.WhenAll(clients.Zip(quotes).Select(pair => pair.First.Http.PostAsJsonAsync("/api/orders", new { quoteId = pair.Second.Id })));

        Assert.Equal(3, placements.Count(response => response.StatusCode == HttpStatusCode.Created));
        foreach (var refused in placements.Where(response => response.StatusCode != HttpStatusCode.Created))
        {
            Assert.Contains("used as often as it may be", await DiscountApi.ProblemAboutAsync(refused, HttpStatusCode.UnprocessableEntity, "promotionCode"), StringComparison.Ordinal);
        }

        await Api.WaitForCodeAsync(code, current => current.Used == 3 && current.Reserved == 0, "used three times");
        var stored = code.ToUpperInvariant();
        Assert.Equal(3, await Flow.WithAsync<OrderingDbContext, int>(db => db.Orders.CountAsync(order => order.PromotionCode == stored)));
        DisposeAll(clients, placements);
    }

    [Fact]
    public async Task ParallelPlacements_OfOneClient_OnAPerClientLimitOfTwo_PlaceExactlyTwo()
    {
        var serviceType = await PublishAsync();
        var code = DiscountApi.UniqueCode();
        await Api.CreateCodeAsync(new JsonObject { ["code"] = code, ["percent"] = 20, ["perClientUsageLimit"] = 2 });
        using var client = await Flow.SignInAsync(PlatformRoles.Client);
        using var other = await Flow.SignInAsync(PlatformRoles.Client);
        var quotes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => DiscountApi.QuotedAsync(client.Http, serviceType, code)));

        var placements = await Task.WhenAll(quotes.Select(quote => client.Http.PostAsJsonAsync("/api/orders", new { quoteId = quote.Id })));
        var othersQuote = await DiscountApi.QuotedAsync(other.Http, serviceType, code);

        Assert.Equal(2, placements.Count(response => response.StatusCode == HttpStatusCode.Created));
        foreach (var refused in placements.Where(response => response.StatusCode != HttpStatusCode.Created))
        {
            Assert.Contains("You have used promotion code", await DiscountApi.ProblemAboutAsync(refused, HttpStatusCode.UnprocessableEntity, "promotionCode"), StringComparison.Ordinal);
        }

        Assert.Equal(othersQuote.Total, (await OrderFlow.PlaceAsync(other.Http, othersQuote.Id)).Price);
        DisposeAll([], placements);
    }

    /// <summary>The documented service type with its own SKU, stocked, and no quality review.</summary>
    private async Task<string> PublishAsync()
    {
        var sku = OrderFlow.UniqueSku();
        await Flow.StockAsync(sku, 50);
        return await Flow.PublishAsync(OrderFlow.Tree(sku, samplingPercent: 0));
    }

    private static void DisposeAll(IEnumerable<Party> parties, IEnumerable<HttpResponseMessage> responses)
    {
        foreach (var disposable in parties.Cast<IDisposable>().Concat(responses))
        {
            disposable.Dispose();
        }
    }
}
