using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HelperPlatform.Activities.Warehouse;
using HelperPlatform.Activities.Warehouse.Contractor;
using BehaviourChange = HelperPlatform.Contractor.BehaviourChange;
using DeliveryNotice = HelperPlatform.Contractor.DeliveryNotice;
using HelperPlatform.Host.Warehouse;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Warehouse;

/// <summary>
/// The cookie purchase against the real simulator over HTTP: the purchase workflow places the order through
/// the resilient client, the simulator calls the signed webhook later, the delivery is stocked exactly once.
/// </summary>
public sealed class ContractorIntegrationTests(ContractorFixture fixture) : IClassFixture<ContractorFixture>
{
    [Fact]
    public async Task Purchase_PlacedAndDelivered_StocksTheCookiesAndCompletes()
    {
        var request = new PurchaseOrderRequest(Guid.NewGuid(), WarehouseBooks.UniqueSku(), 24);

        var delivery = await WarehouseBooks.PurchaseAsync(fixture.Host, request);
        var order = await WarehouseBooks.PurchaseOrderAsync(fixture.Host, request.PurchaseOrderId);

        Assert.NotNull(delivery);
        Assert.Equal((request.PurchaseOrderId, request.Sku, 24), (delivery.PurchaseOrderId, delivery.Sku, delivery.Quantity));
        Assert.Equal(PurchaseOrderStatus.Delivered, order!.Status);
        Assert.Equal(delivery.DeliveryId, order.DeliveryId);
        Assert.NotNull(order.ExpectedDeliveryAt);
        Assert.Equal(24, await WarehouseBooks.OnHandAsync(fixture.Host, request.Sku));
        Assert.Equal(request.Sku, fixture.Contractor.Orders.Find(request.PurchaseOrderId)!.Order.Sku);
    }

    [Fact]
    public async Task Purchase_WhileTheContractorFailsThenRecovers_RetriesAndIsOrderedOnce()
    {
        var request = new PurchaseOrderRequest(Guid.NewGuid(), WarehouseBooks.UniqueSku(), 12);
        fixture.Contractor.Behaviour.Apply(new BehaviourChange(FailNextOrders: 3, null, null, null));

        var delivery = await WarehouseBooks.PurchaseAsync(fixture.Host, request);

        Assert.Equal(0, fixture.Contractor.Behaviour.Current().FailNextOrders);
        Assert.NotNull(delivery);
        Assert.Equal(PurchaseOrderStatus.Delivered, (await WarehouseBooks.PurchaseOrderAsync(fixture.Host, request.PurchaseOrderId))!.Status);
        Assert.Equal(12, await WarehouseBooks.OnHandAsync(fixture.Host, request.Sku));
        Assert.Equal(1, fixture.Contractor.Orders.Find(request.PurchaseOrderId)!.AcknowledgedCallbacks);
    }

    [Fact]
    public async Task Webhook_CalledTwiceForOneDelivery_StocksOnce()
    {
        var request = new PurchaseOrderRequest(Guid.NewGuid(), WarehouseBooks.UniqueSku(), 6);
        fixture.Contractor.Behaviour.Apply(new BehaviourChange(null, null, DuplicateCallbacks: true, null));
        try
        {
            await WarehouseBooks.PurchaseAsync(fixture.Host, request);
            var accepted = fixture.Contractor.Orders.Find(request.PurchaseOrderId)!;
            await WaitUntilAsync(() => accepted.AcknowledgedCallbacks == 2);

            Assert.Equal(6, await WarehouseBooks.OnHandAsync(fixture.Host, request.Sku));
            Assert.Equal(PurchaseOrderStatus.Delivered, (await WarehouseBooks.PurchaseOrderAsync(fixture.Host, request.PurchaseOrderId))!.Status);
        }
        finally
        {
            fixture.Contractor.Behaviour.Apply(new BehaviourChange(null, null, DuplicateCallbacks: false, null));
        }
    }

    public static TheoryData<string> Forgeries() => new() { "wrong secret", "tampered body", "stale timestamp", "future timestamp", "no signature", "no timestamp", "not hex" };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Webhook_Forged_Answers401AndStoresNothing(string forgery)
    {
        var order = await PendingOrderAsync();
        var body = NoticeJson(order);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (timestamp, signature, sentBody) = forgery switch
        {
            "wrong secret" => (now, Sign("not-the-shared-secret", now, body), body),
            "tampered body" => (now, Sign(ContractorFixture.WebhookSecret, now, body), body.Replace("\"quantity\":3", "\"quantity\":300", StringComparison.Ordinal)),
            "stale timestamp" => (now - 600, Sign(ContractorFixture.WebhookSecret, now - 600, body), body),
            "future timestamp" => (now + 600, Sign(ContractorFixture.WebhookSecret, now + 600, body), body),
            "no signature" => (now, null, body),
            "no timestamp" => ((long?)null, Sign(ContractorFixture.WebhookSecret, now, body), body),
            _ => (now, "v1=not-hex-at-all", body),
        };

        using var response = await PostCallbackAsync(sentBody, timestamp, signature);
        var stored = await WarehouseBooks.PurchaseOrderAsync(fixture.Host, order.Id);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PurchaseOrderStatus.Placed, stored!.Status);
        Assert.Null(stored.DeliveryId);
        Assert.Equal(0, await WarehouseBooks.OnHandAsync(fixture.Host, order.Sku));
    }

    [Fact]
    public async Task Webhook_SignedAndFresh_StocksOnceAndAnswersRepeatsWithoutChange()
    {
        var order = await PendingOrderAsync();
        var body = NoticeJson(order);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using var first = await PostCallbackAsync(body, now, Sign(ContractorFixture.WebhookSecret, now, body));
        using var repeat = await PostCallbackAsync(body, now, Sign(ContractorFixture.WebhookSecret, now, body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("stocked", (await first.Content.ReadFromJsonAsync<DeliveryReceipt>())!.Status);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("already-delivered", (await repeat.Content.ReadFromJsonAsync<DeliveryReceipt>())!.Status);
        Assert.Equal(3, await WarehouseBooks.OnHandAsync(fixture.Host, order.Sku));
    }

    [Fact]
    public async Task Webhook_SignedForAnUnknownOrder_Answers404AndStocksNothing()
    {
        var sku = WarehouseBooks.UniqueSku();
        var body = NoticeJson(new PurchaseOrder { Id = Guid.NewGuid(), Sku = sku, Quantity = 3 });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using var response = await PostCallbackAsync(body, now, Sign(ContractorFixture.WebhookSecret, now, body));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await WarehouseBooks.OnHandAsync(fixture.Host, sku));
    }

    /// <summary>A placed purchase order the contractor never heard of, so only the test's callbacks can deliver it.</summary>
    private async Task<PurchaseOrder> PendingOrderAsync()
    {
        var order = new PurchaseOrder
        {
            Id = Guid.NewGuid(),
            Sku = WarehouseBooks.UniqueSku(),
            Quantity = 3,
            Status = PurchaseOrderStatus.Placed,
            PlacedAt = DateTimeOffset.UtcNow,
        };
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarehouseDbContext>();
        db.PurchaseOrders.Add(order);
        await db.SaveChangesAsync();
        return order;
    }

    private static string NoticeJson(PurchaseOrder order) => JsonSerializer.Serialize(
        new DeliveryNotice(Guid.NewGuid(), order.Id, order.Sku, order.Quantity, DateTimeOffset.UtcNow), JsonSerializerOptions.Web);

    /// <summary>Signed here by hand from the written scheme, independently of both the simulator and the verifier.</summary>
    private static string Sign(string secret, long timestamp, string body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    private async Task<HttpResponseMessage> PostCallbackAsync(string body, long? timestamp, string? signature)
    {
        using var client = fixture.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, DeliveryWebhookEndpoints.Path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (timestamp is not null)
        {
            request.Headers.Add("X-Contractor-Timestamp", timestamp.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (signature is not null)
        {
            request.Headers.Add("X-Contractor-Signature", signature);
        }

        return await client.SendAsync(request);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the condition did not hold within 20 seconds");
            await Task.Delay(20);
        }
    }
}
