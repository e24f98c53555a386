using HelperPlatform.Activities.Warehouse;
using HelperPlatform.Activities.Warehouse.Picking;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Warehouse;

/// <summary>The picking workflow's reservation on a real server: all lines or none, once per order, never the same units twice.</summary>
public sealed class ReservationTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task Reserve_WithEveryLineOnTheShelf_TakesThem_AndARetryTakesNothingMore()
    {
        var (cookies, napkins) = (await ShelfAsync(10), await ShelfAsync(5));
        var pick = new PickRequest(Guid.NewGuid(), [new(cookies, 3), new(napkins, 5)]);

        Assert.Empty(await ReserveAsync(pick));
        Assert.Empty(await ReserveAsync(pick));

        Assert.Equal((7, 0), (await OnHandAsync(cookies), await OnHandAsync(napkins)));
        Assert.Equal(PickStage.ReadyToAssemble, await StageAsync(pick.OrderId));
        Assert.Equal(
            new[] { (cookies, 3, ReservationStatus.Reserved), (napkins, 5, ReservationStatus.Reserved) }.Order(),
            (await ReservationsAsync(pick.OrderId)).Select(r => (r.Sku, r.Quantity, r.Status)).Order());
    }

    [Fact]
    public async Task Reserve_WithOneLineShort_TakesNothing_NamesTheShortfall_AndThePickAwaitsTheDelivery()
    {
        var (cookies, napkins) = (await ShelfAsync(10), await ShelfAsync(2));
        var pick = new PickRequest(Guid.NewGuid(), [new(cookies, 3), new(napkins, 5)]);

        var shortages = await ReserveAsync(pick);

        Assert.Equal([new StockShortage(napkins, 3)], shortages);
        Assert.Equal((10, 2), (await OnHandAsync(cookies), await OnHandAsync(napkins)));
        Assert.Equal(PickStage.AwaitingDelivery, await StageAsync(pick.OrderId));
        Assert.Empty(await ReservationsAsync(pick.OrderId));

        await flow.StockAsync(napkins, 7);
        Assert.Empty(await ReserveAsync(pick));
        Assert.Equal(PickStage.ReadyToAssemble, await StageAsync(pick.OrderId));
    }

    [Fact]
    public async Task Reserve_TenPicksAtOnceForStockOfFour_ReserveExactlyFour()
    {
        var cookies = await ShelfAsync(4);
        var picks = Enumerable.Range(0, 10).Select(_ => new PickRequest(Guid.NewGuid(), [new(cookies, 1)])).ToList();

        var answers = await Task.WhenAll(picks.Select(ReserveAsync));

        Assert.Equal(4, answers.Count(shortages => shortages.Count == 0));
        Assert.Equal(0, await OnHandAsync(cookies));
        Assert.All(answers.Where(shortages => shortages.Count > 0), shortages => Assert.Equal([new StockShortage(cookies, 1)], shortages));
    }

    private async Task<string> ShelfAsync(int onHand)
    {
        var sku = $"SKU-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        await flow.StockAsync(sku, onHand);
        return sku;
    }

    private async Task<IReadOnlyList<StockShortage>> ReserveAsync(PickRequest pick)
    {
        await using var scope = flow.Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<PickingActivities>();
        return await new ActivityEnvironment().RunAsync(() => activities.ReserveStockAsync(pick));
    }

    private Task<int> OnHandAsync(string sku) =>
        flow.WithAsync<WarehouseDbContext, int>(db => db.Stock.Where(item => item.Sku == sku).Select(item => item.OnHand).SingleAsync());

    private Task<PickStage> StageAsync(Guid orderId) =>
        flow.WithAsync<WarehouseDbContext, PickStage>(db => db.Picks.Where(p => p.OrderId == orderId).Select(p => p.Stage).SingleAsync());

    private Task<List<StockReservation>> ReservationsAsync(Guid orderId) =>
        flow.WithAsync<WarehouseDbContext, List<StockReservation>>(db => db.Reservations.AsNoTracking().Where(r => r.OrderId == orderId).ToListAsync());
}
