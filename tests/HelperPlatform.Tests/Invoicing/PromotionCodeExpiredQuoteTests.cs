using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.Discounts;
using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// A promotion code's reservation outlives its quote: it counts until the order's workflow confirms it, however late,
/// and the order reconciliation releases it only when the quote expired (and the margin passed) without an order.
/// Quotes here are valid for 5 s, the margin is 2 s and the reconciliation runs every second.
/// </summary>
public sealed class PromotionCodeExpiredQuoteTests : IAsyncLifetime
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private PlatformHost? host;

    private PlatformHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    private OrderFlow Flow => new(Host);

    private DiscountApi Api => new(Host);

    public async Task InitializeAsync()
    {
        host = await PlatformHost.StartAsync(
            $"{QuoteSettings.Section}:Validity=00:00:05",
            $"{ReconciliationSettings.Section}:Period=00:00:01",
            $"{ReconciliationSettings.Section}:ExpiredQuoteMargin={Margin:c}",
            // An order stored without its workflow is started by the host only long after its quote expired.
            $"{UnstartedOrderSettings.Section}:CheckInterval=00:00:00.200",
            $"{UnstartedOrderSettings.Section}:StartAfter=00:00:15",
            "Contractor:EmbeddedDeliveryDelay=00:00:00.200");
        await Host.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnOrderWhoseWorkflowStartsAfterItsQuoteExpired_KeepsItsUse_SoTheCodeNeverExceedsItsLimit()
    {
        var serviceType = await PublishAsync();
        var code = await LimitedToOneUseAsync();
        using var first = await Flow.SignInAsync(PlatformRoles.Client);
        using var second = await Flow.SignInAsync(PlatformRoles.Client);

        // What a placement answered 503 leaves when Temporal failed after the reservation: the order stored, no workflow.
        var quote = await QuotedAndReservedAsync(first, serviceType, code);
        var order = await Flow.StoreWithoutStartingAsync(first.Id, quote.Id, new OrderStart(OrderStatus.Picking, "pick"));
        await UntilAsync(quote.ExpiresAt + Margin + TimeSpan.FromSeconds(2));
        using var attempt = await QuoteAndPlaceAsync(second, serviceType, code);
        await WaitForUseAsync(quote.Id, RedemptionStatus.Confirmed);
        var usage = await Api.CodeAsync(code);

        Assert.Equal((1, 0), (usage.Used, usage.Reserved));
        Assert.Contains("used as often as it may be", await DiscountApi.ProblemAboutAsync(attempt, HttpStatusCode.UnprocessableEntity, "promotionCode"), StringComparison.Ordinal);
        Assert.Equal(order.Id, await Flow.WithAsync<InvoicingDbContext, Guid?>(db => db.PromotionCodeRedemptions.Where(use => use.QuoteId == quote.Id).Select(use => use.OrderId).SingleAsync()));
    }

    [Fact]
    public async Task AReservationWhosePlacementStoredNoOrder_IsReleasedAfterItsQuoteExpired_AndTheCodeCanBeUsedAgain()
    {
        var serviceType = await PublishAsync();
        var code = await LimitedToOneUseAsync();
        using var first = await Flow.SignInAsync(PlatformRoles.Client);
        using var second = await Flow.SignInAsync(PlatformRoles.Client);

        // A placement that reserved and then failed before storing its order, never sent again.
        var quote = await QuotedAndReservedAsync(first, serviceType, code);
        using var whileHeld = await DiscountApi.QuoteAsync(second.Http, serviceType, code);
        await WaitForUseAsync(quote.Id, RedemptionStatus.Released);
        var releasedAt = await Flow.WithAsync<InvoicingDbContext, DateTimeOffset?>(db => db.PromotionCodeRedemptions.Where(use => use.QuoteId == quote.Id).Select(use => use.ReleasedAt).SingleAsync());
        using var afterwards = await QuoteAndPlaceAsync(second, serviceType, code);

        await DiscountApi.ProblemAboutAsync(whileHeld, HttpStatusCode.UnprocessableEntity, "promotionCode");
        Assert.True(releasedAt >= quote.ExpiresAt + Margin, $"Released at {releasedAt:O}, before the quote's expiry {quote.ExpiresAt:O} and the margin.");
        Assert.Equal(HttpStatusCode.Created, afterwards.StatusCode);
        await Api.WaitForCodeAsync(code, usage => usage.Used == 1 && usage.Reserved == 0, "used by the second client");
    }

    [Fact]
    public async Task ReleasingAgain_ChangesNothing_AConfirmationAfterTheReleaseChangesNothing_AndAValidQuotesUseIsNotReleased()
    {
        var serviceType = await PublishAsync();
        var code = await LimitedToOneUseAsync();
        var valid = await LimitedToOneUseAsync();
        using var client = await Flow.SignInAsync(PlatformRoles.Client);
        var expired = await QuotedAndReservedAsync(client, serviceType, code);
        await WaitForUseAsync(expired.Id, RedemptionStatus.Released);
        var stillValid = await QuotedAndReservedAsync(client, serviceType, valid);

        var releasedAgain = await RunDiscountActivityAsync(discounts => discounts.ReleaseUnplacedPromotionCodeUsesAsync([expired.Id, stillValid.Id]));
        await RunDiscountActivityAsync(async discounts =>
        {
            await discounts.ConfirmPromotionCodeUseAsync(expired.Id, Guid.NewGuid());
            return 0;
        });

        Assert.Equal(0, releasedAgain);
        Assert.Equal(RedemptionStatus.Released, await UseStatusAsync(expired.Id));
        Assert.Equal(RedemptionStatus.Reserved, await UseStatusAsync(stillValid.Id));
        var usage = await Api.CodeAsync(code);
        Assert.Equal((0, 0), (usage.Used, usage.Reserved));
        Assert.Equal(
            [InvoicingEvents.PromotionCodeCreated, InvoicingEvents.PromotionCodeReserved, InvoicingEvents.PromotionCodeReleased],
            await Flow.WithAsync<InvoicingDbContext, List<string>>(db => db.Events
                .Where(recorded => recorded.StreamId == InvoicingEvents.PromotionCodeStream(code.ToUpperInvariant()))
                .OrderBy(recorded => recorded.OccurredAt)
                .Select(recorded => recorded.Type)
                .ToListAsync()));
    }

    private async Task<string> LimitedToOneUseAsync()
    {
        var code = DiscountApi.UniqueCode();
        await Api.CreateCodeAsync(new JsonObject { ["code"] = code, ["percent"] = 10, ["totalUsageLimit"] = 1 });
        return code;
    }

    /// <summary>A quote with the code, and the reservation its placement makes, through Ordering's workflow and Invoicing's activity.</summary>
    private async Task<QuoteResponse> QuotedAndReservedAsync(Party client, string serviceType, string code)
    {
        var quote = await DiscountApi.QuotedAsync(client.Http, serviceType, code);
        var use = new PromotionCodeUse(quote.Id, client.Id, code, quote.ExpiresAt, DateTimeOffset.UtcNow);
        Assert.True((await Host.Services.GetRequiredService<InvoicingDiscounts>().ReserveAsync(use)).Reserved);
        return quote;
    }

    /// <summary>A client ordering with the code: the quote's refusal, or else the placement's answer.</summary>
    private static async Task<HttpResponseMessage> QuoteAndPlaceAsync(Party client, string serviceType, string code)
    {
        var quote = await DiscountApi.QuoteAsync(client.Http, serviceType, code);
        if (!quote.IsSuccessStatusCode)
        {
            return quote;
        }

        var quoted = (await quote.Content.ReadFromJsonAsync<QuoteResponse>())!;
        quote.Dispose();
        return await client.Http.PostAsJsonAsync("/api/orders", new { quoteId = quoted.Id });
    }

    private async Task<int> RunDiscountActivityAsync(Func<DiscountActivities, Task<int>> run)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<DiscountActivities>();
        var client = await Host.Services.GetRequiredService<TemporalClientProvider>().GetClientAsync(CancellationToken.None);
        return await new ActivityEnvironment { TemporalClient = client }.RunAsync(() => run(activities));
    }

    private Task<RedemptionStatus?> UseStatusAsync(Guid quoteId) =>
        Flow.WithAsync<InvoicingDbContext, RedemptionStatus?>(db => db.PromotionCodeRedemptions.Where(use => use.QuoteId == quoteId).Select(use => (RedemptionStatus?)use.Status).SingleOrDefaultAsync());

    private async Task WaitForUseAsync(Guid quoteId, RedemptionStatus status)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        RedemptionStatus? current;
        while ((current = await UseStatusAsync(quoteId)) != status)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The use of quote {quoteId} is {current?.ToString() ?? "missing"}, never {status}.");
            await Task.Delay(100);
        }
    }

    private static async Task UntilAsync(DateTimeOffset instant)
    {
        var wait = instant - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    /// <summary>The documented service type with its own SKU, stocked, and no quality review.</summary>
    private async Task<string> PublishAsync()
    {
        var sku = OrderFlow.UniqueSku();
        await Flow.StockAsync(sku, 50);
        return await Flow.PublishAsync(OrderFlow.Tree(sku, samplingPercent: 0));
    }
}
