using HelperPlatform.Activities.Warehouse;
using HelperPlatform.Activities.Warehouse.Picking;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Warehouse;

/// <summary>The pick's record as the picking and hand-over workflows write it, with its retries.</summary>
public sealed class PickProgressTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    private static readonly DateTimeOffset Noon = new(2031, 5, 6, 12, 0, 0, TimeSpan.Zero);

    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task Issued_MovesThePick_ConsumesTheReservation_AndJournalsTheEventOnce()
    {
        var orderId = await ReadyForHandOverAsync();
        var issued = new PickProgress(orderId, PickStage.Issued, "worker-7", IssuedEvent(orderId));

        await RecordAsync(issued);
        await RecordAsync(issued);

        var (pick, reservation, journalled) = await StateAsync(orderId);
        Assert.Equal((PickStage.Issued, "worker-7"), (pick.Stage, pick.WorkerId));
        Assert.Equal(ReservationStatus.Issued, reservation.Status);
        Assert.NotNull(reservation.ClosedAt);
        Assert.Equal(["OrderIssued"], journalled);
    }

    [Fact]
    public async Task ARetry_AfterThePickWasReleased_ChangesNothing()
    {
        var orderId = await ReadyForHandOverAsync();
        var issued = new PickProgress(orderId, PickStage.Issued, "worker-7", IssuedEvent(orderId));
        await RecordAsync(issued);
        await flow.WithAsync<WarehouseDbContext, int>(db => db.Picks.Where(p => p.OrderId == orderId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stage, PickStage.Released)));

        await RecordAsync(issued);
        await RecordAsync(new PickProgress(orderId, PickStage.ReadyForHandOver, null, null));

        Assert.Equal(PickStage.Released, (await StateAsync(orderId)).Pick.Stage);
    }

    [Fact]
    public async Task WithoutAnEvent_MovesThePick_KeepsItsWorker_AndLeavesTheReservationHeld()
    {
        var orderId = await ReadyForHandOverAsync(workerId: "worker-3");

        await RecordAsync(new PickProgress(orderId, PickStage.ReadyToAssemble, null, null));

        var (pick, reservation, journalled) = await StateAsync(orderId);
        Assert.Equal((PickStage.ReadyToAssemble, "worker-3"), (pick.Stage, pick.WorkerId));
        Assert.Equal(ReservationStatus.Reserved, reservation.Status);
        Assert.Empty(journalled);
    }

    private static SeedEvent IssuedEvent(Guid orderId) =>
        new(Guid.NewGuid(), $"pick-{orderId}", "OrderIssued", "warehouse", Noon, """{"workerId":"worker-7"}""");

    private Task<Guid> ReadyForHandOverAsync(string? workerId = null) =>
        flow.WithAsync<WarehouseDbContext, Guid>(async db =>
        {
            var orderId = Guid.NewGuid();
            db.Picks.Add(new Pick { OrderId = orderId, Stage = PickStage.ReadyForHandOver, SuppliesJson = "[]", WorkerId = workerId, UpdatedAt = Noon });
            db.Reservations.Add(new StockReservation { OrderId = orderId, Sku = "COOKIE-BOX", Quantity = 2, Status = ReservationStatus.Reserved, ReservedAt = Noon });
            await db.SaveChangesAsync();
            return orderId;
        });

    private async Task RecordAsync(PickProgress progress)
    {
        await using var scope = flow.Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<PickingActivities>();
        await new ActivityEnvironment().RunAsync(() => activities.RecordPickProgressAsync(progress));
    }

    private Task<(Pick Pick, StockReservation Reservation, List<string> Journalled)> StateAsync(Guid orderId) =>
        flow.WithAsync<WarehouseDbContext, (Pick, StockReservation, List<string>)>(async db => (
            await db.Picks.AsNoTracking().SingleAsync(p => p.OrderId == orderId),
            await db.Reservations.AsNoTracking().SingleAsync(r => r.OrderId == orderId),
            await db.Events.Where(e => e.StreamId == $"pick-{orderId}").Select(e => e.Type).ToListAsync()));
}
