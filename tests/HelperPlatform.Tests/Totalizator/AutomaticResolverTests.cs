using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Host.Totalizator;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Totalizator;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Totalizator;

/// <summary>
/// Markets resolved from the platform's own data, asked of Ordering on its task queue, with the workflow clock skipped:
/// the orders completed in a period, and an order's quality review.
/// </summary>
public sealed class AutomaticResolverTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    private static readonly int[] CountBounds = [2, 4];

    private static readonly int[] MinutesIntoThePeriod = [1, 30, 59];

    private PlatformHost Host => fixture.Host;

    [Fact]
    public async Task OrderCount_AfterThePeriod_TheRangeHoldingTheCountWins()
    {
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        var low = await Host.NewManagerAsync(ops, 100m);
        var high = await Host.NewManagerAsync(ops, 100m);
        var periodStart = Host.Temporal.Now.AddHours(1);
        var periodEnd = periodStart.AddHours(1);
        var marketId = await OpenAsync(low, "order-count", new
        {
            title = "Orders completed in the hour",
            closesAt = periodStart,
            takeoutRate = 0.1m,
            periodStart,
            periodEnd,
            countBounds = CountBounds,
        });
        Assert.Equal(["0–1", "2–3", "4 or more"], (await low.BoardAsync(marketId)).Outcomes.Select(outcome => outcome.Label));
        await low.DecidedBetAsync(await low.BetAsync(marketId, 0, 10m));
        var winningBet = await high.BetAsync(marketId, 1, 30m);
        await high.DecidedBetAsync(winningBet);
        // Three orders complete inside the period, one just after it.
        await JournalAsync([.. MinutesIntoThePeriod.Select(minutes => Completed(periodStart.AddMinutes(minutes))), Completed(periodEnd)]);

        await Host.CloseAsync(low, marketId, periodStart);
        await Host.SkipPastTimerAsync(MarketWorkflow.WorkflowId(marketId), periodEnd + MarketResolver.JournalGrace - Host.Temporal.Now + TimeSpan.FromSeconds(1));
        await TotalizatorApi.Eventually(async () => (await low.BoardAsync(marketId)).State == MarketState.Settled);

        var board = await low.BoardAsync(marketId);
        Assert.Equal((1, 1.20m), (board.WinningOutcome, board.Price));
        Assert.Equal((BetState.Won, (decimal?)36m), ((await high.DecidedBetAsync(winningBet)).State, (await high.DecidedBetAsync(winningBet)).Returned));
        Assert.Equal(0m, await Host.SumOfAllAccountsAsync());
    }

    [Fact]
    public async Task QualityReview_WaitsDurablyForTheVerdict_ThenPassWins()
    {
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        var optimist = await Host.NewManagerAsync(ops, 100m);
        var pessimist = await Host.NewManagerAsync(ops, 100m);
        var orderId = await StoreOrderAsync(OrderStatus.QualityReview);
        var closesAt = Host.InAnHour();
        var marketId = await OpenAsync(optimist, "quality-review", new { title = "Does it pass?", closesAt, takeoutRate = 0m, orderId });
        var pass = await optimist.BetAsync(marketId, 0, 20m);
        await optimist.DecidedBetAsync(pass);
        await pessimist.DecidedBetAsync(await pessimist.BetAsync(marketId, 1, 20m));

        await Host.CloseAsync(optimist, marketId, closesAt);
        using var byManager = await ops.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/resolution", new { winningOutcome = 1 });
        var judge = await Host.NewManagerAsync(ops, 0m);
        using var byJudge = await judge.Client.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/resolution", new { winningOutcome = 1 });
        // The review is pending: the market asks again after each poll interval, durably.
        await Host.SkipPastTimerAsync(MarketWorkflow.WorkflowId(marketId), MarketResolver.ReviewPollInterval);
        Assert.Equal(MarketState.Closed, (await optimist.BoardAsync(marketId)).State);
        await JournalAsync([new RecordedEvent
        {
            Id = Guid.NewGuid(), StreamId = OrderingEvents.StreamId(orderId), Type = ManagementEvents.QualityChecked, Actor = "manager",
            OccurredAt = Host.Temporal.Now, DataJson = """{"passed":true}""",
        }]);
        await Host.SkipPastTimerAsync(MarketWorkflow.WorkflowId(marketId), MarketResolver.ReviewPollInterval);
        await TotalizatorApi.Eventually(async () => (await optimist.BoardAsync(marketId)).State == MarketState.Settled);

        Assert.Equal(HttpStatusCode.Forbidden, byManager.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, byJudge.StatusCode);
        Assert.Equal((0, 2.00m), ((await optimist.BoardAsync(marketId)).WinningOutcome, (await optimist.BoardAsync(marketId)).Price));
        Assert.Equal(120m, await optimist.BalanceAsync());
        Assert.Equal(80m, await pessimist.BalanceAsync());
    }

    [Fact]
    public async Task QualityReview_OrderEndedWithoutOne_CancelsTheMarketAndRefunds()
    {
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        var bettor = await Host.NewManagerAsync(ops, 100m);
        var orderId = await StoreOrderAsync(OrderStatus.Cancelled);
        var closesAt = Host.InAnHour();
        var marketId = await OpenAsync(bettor, "quality-review", new { title = "Does it pass?", closesAt, takeoutRate = 0.2m, orderId });
        var bet = await bettor.BetAsync(marketId, 1, 25m);
        await bettor.DecidedBetAsync(bet);

        await Host.CloseAsync(bettor, marketId, closesAt);
        await TotalizatorApi.Eventually(async () => (await bettor.BoardAsync(marketId)).State == MarketState.Cancelled);

        Assert.Equal(BetState.Refunded, (await bettor.DecidedBetAsync(bet)).State);
        Assert.Equal(100m, await bettor.BalanceAsync());
    }

    private static async Task<Guid> OpenAsync(Manager manager, string resolver, object body)
    {
        using var response = await manager.Client.PostAsJsonAsync($"/api/totalizator/markets/{resolver}", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var marketId = (await response.Content.ReadFromJsonAsync<MarketOpened>(TotalizatorApi.Json))!.MarketId;
        await TotalizatorApi.Eventually(async () => (await manager.Client.GetAsync($"/api/totalizator/markets/{marketId}")).StatusCode == HttpStatusCode.OK);
        return marketId;
    }

    private static RecordedEvent Completed(DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(), StreamId = OrderingEvents.StreamId(Guid.NewGuid()), Type = OrderingEvents.OrderCompleted, Actor = "platform", OccurredAt = at,
    };

    /// <summary>Ordering's journal as its order workflows would have written it.</summary>
    private async Task JournalAsync(IEnumerable<RecordedEvent> events)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var ordering = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        ordering.Events.AddRange(events);
        await ordering.SaveChangesAsync();
    }

    /// <summary>An order as Ordering keeps it, at <paramref name="status"/>, without running its workflow.</summary>
    private async Task<Guid> StoreOrderAsync(OrderStatus status)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var ordering = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var now = Host.Temporal.Now;
        var order = new Order
        {
            Id = Guid.NewGuid(), ClientId = "client", QuoteId = Guid.NewGuid(), ServiceTypeCode = "tea-party", ServiceTypeVersion = 1,
            Address = "Somewhere 1", City = "Berlin", WindowStart = now, WindowEnd = now.AddHours(2), Currency = "EUR", Price = 45m,
            Status = status, PlacedAt = now, UpdatedAt = now,
        };
        ordering.Orders.Add(order);
        await ordering.SaveChangesAsync();
        return order.Id;
    }
}
