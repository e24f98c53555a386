using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Host.Platform;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Ordering;

/// <summary>
/// <c>GET /api/orders/{id}?waitForStatus=…</c>: a read that waits for the order to reach a status, woken by
/// PostgreSQL's announcement of the change (the real trigger and listening connection), through the real pipeline.
/// </summary>
public sealed class OrderWaitTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    /// <summary>Far above how long a woken wait takes, far below the wait's own limit: an answer this slow was not woken.</summary>
    private static readonly TimeSpan WokenWithin = TimeSpan.FromSeconds(20);

    private readonly OrderFlow flow = new(fixture.Host);

    private OrderStatusWatch Watch => fixture.Host.Services.GetRequiredService<OrderStatusWatch>();

    [Fact]
    public async Task Wait_AnswersWhenTheOrderReachesTheStatus()
    {
        var (client, order, _) = await flow.OrderAsync();
        await WaitUntilListeningAsync();

        var waiting = WaitAsync(client, order.Id, OrderStatus.Matching, waitSeconds: 60);
        await WaitUntilWaitingAsync();
        var clock = Stopwatch.StartNew();
        await flow.AssembleAsync(order.Id);
        var answer = await waiting;

        Assert.Equal(OrderStatus.Matching, answer.Order.Status);
        Assert.True(clock.Elapsed < WokenWithin, $"The wait answered after {clock.Elapsed}: at its limit, not when the order got there.");
        Assert.Contains(answer.Timeline, entry => entry.Type == WarehouseEvents.OrderAssembled);
        Assert.Equal(0, Watch.Waiting);
    }

    [Fact]
    public async Task Wait_AnswersWithTheOrderAsItIs_AtItsLimit_OrAtOnceWhenItIsThereAlready()
    {
        var (client, order, _) = await flow.OrderAsync();
        var clock = Stopwatch.StartNew();

        var limited = await WaitAsync(client, order.Id, OrderStatus.Matching, waitSeconds: 1);
        var waited = clock.Elapsed;
        var there = await WaitAsync(client, order.Id, OrderStatus.Picking, waitSeconds: 60);

        Assert.Equal(OrderStatus.Picking, limited.Order.Status);
        Assert.True(waited >= TimeSpan.FromSeconds(1), $"Answered after {waited}, before its limit.");
        Assert.Equal(OrderStatus.Picking, there.Order.Status);
        Assert.True(clock.Elapsed < WokenWithin);
    }

    [Fact]
    public async Task Wait_ForAStatusTheOrderNeverReaches_AnswersWhenItIsCancelled()
    {
        var (client, order, _) = await flow.OrderAsync();
        await WaitUntilListeningAsync();

        var waiting = WaitAsync(client, order.Id, OrderStatus.AwaitingCheckIn, waitSeconds: 60);
        await WaitUntilWaitingAsync();
        var clock = Stopwatch.StartNew();
        using var cancel = await client.Http.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { reason = "plans changed" });
        var answer = await waiting;

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(OrderStatus.Cancelled, answer.Order.Status);
        Assert.True(clock.Elapsed < WokenWithin, $"The wait answered after {clock.Elapsed}.");
    }

    [Fact]
    public async Task ListeningConnectionLost_WakesTheWaitsAndComesBack()
    {
        var (client, order, _) = await flow.OrderAsync();
        await WaitUntilListeningAsync();
        var waiting = WaitAsync(client, order.Id, OrderStatus.Matching, waitSeconds: 60);
        await WaitUntilWaitingAsync();
        var clock = Stopwatch.StartNew();

        var terminated = await flow.WithAsync<OrderingDbContext, List<bool>>(db => db.Database
            .SqlQuery<bool>($"SELECT pg_terminate_backend(pid) AS \"Value\" FROM pg_stat_activity WHERE application_name = {OrderStatusWatch.ApplicationName} AND datname = current_database()")
            .ToListAsync());
        var early = await waiting;
        await WaitUntilListeningAsync();
        var again = WaitAsync(client, order.Id, OrderStatus.Matching, waitSeconds: 60);
        await WaitUntilWaitingAsync();
        await flow.AssembleAsync(order.Id);
        var answer = await again;

        Assert.Equal([true], terminated);
        // Announcements may have been lost while it was down, so the wait answered with the order as it is.
        Assert.Equal(OrderStatus.Picking, early.Order.Status);
        Assert.Equal(OrderStatus.Matching, answer.Order.Status);
        Assert.True(clock.Elapsed < WokenWithin * 2, $"Took {clock.Elapsed}.");
    }

    [Fact]
    public async Task Wait_ForSomeoneElsesOrder_IsNotFoundAtOnce()
    {
        var (_, order, _) = await flow.OrderAsync();
        using var otherClient = await flow.SignInAsync(PlatformRoles.Client);

        using var response = await otherClient.Http.GetAsync($"/api/orders/{order.Id}?waitForStatus=Matching&waitSeconds=60");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, Watch.Waiting);
    }

    [Theory]
    [InlineData("waitSeconds=5", "'waitSeconds' needs 'waitForStatus': the status to wait for.")]
    [InlineData("waitForStatus=Matching&waitSeconds=0", "'waitSeconds' must be from 1 to 60.")]
    [InlineData("waitForStatus=Matching&waitSeconds=61", "'waitSeconds' must be from 1 to 60.")]
    public async Task Wait_WithABadLimit_IsRefusedNamingTheField(string query, string message)
    {
        var (client, order, _) = await flow.OrderAsync();

        using var response = await client.Http.GetAsync($"/api/orders/{order.Id}?{query}");
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([message], problem!.Errors["waitSeconds"]);
    }

    [Fact]
    public async Task Runtime_ShowsTheListenerAndTheWaits()
    {
        var (client, order, _) = await flow.OrderAsync();
        await WaitUntilListeningAsync();
        using var ops = await fixture.Host.CreateClientAsync(PlatformRoles.Ops);
        var waiting = WaitAsync(client, order.Id, OrderStatus.Matching, waitSeconds: 60);
        await WaitUntilWaitingAsync();

        var runtime = await ops.GetFromJsonAsync<RuntimeResponse>("/api/ops/runtime");
        await flow.AssembleAsync(order.Id);
        await waiting;

        var statusWaits = Assert.IsType<JsonElement>(runtime!.ContextReports["orderStatusWaits"]);
        Assert.Equal(new OrderStatusWaitsRuntime(Listening: true, Waiting: 1), statusWaits.Deserialize<OrderStatusWaitsRuntime>(JsonSerializerOptions.Web));
    }

    private static async Task<OrderDetailResponse> WaitAsync(Party client, Guid orderId, OrderStatus status, int waitSeconds)
    {
        using var response = await client.Http.GetAsync($"/api/orders/{orderId}?waitForStatus={status}&waitSeconds={waitSeconds}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OrderDetailResponse>())!;
    }

    private Task WaitUntilListeningAsync() => Until(() => Watch.IsListening, "the order status listener is connected");

    private Task WaitUntilWaitingAsync() => Until(() => Watch.Waiting > 0, "the read waits");

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Never true: {what}.");
            await Task.Delay(20);
        }
    }
}
