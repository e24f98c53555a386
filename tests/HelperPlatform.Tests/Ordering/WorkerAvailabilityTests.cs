using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Activities.Ordering.Matching;
using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Tests.Management;
using HelperPlatform.Workflows.Onboarding;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Ordering;

/// <summary>
/// Who matching may offer an order and who may be booked for it: a worker's own availability (through the
/// API), a booking in an overlapping window (refused by PostgreSQL, also under concurrency), and an open offer
/// of an overlapping order.
/// </summary>
public sealed class WorkerAvailabilityTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    /// <summary>About 111 m of latitude.</summary>
    private const double OneKilometreNorth = 0.009;

    private static readonly DateTimeOffset Morning = new(2031, 3, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task Matching_SkipsAWorkerWhoSaidInactive_AndRanksByThePositionTheySent()
    {
        var (client, order, sku) = await flow.OrderAsync();
        using var resting = await flow.JoinPoolAsync(sku);
        using var near = await flow.JoinPoolAsync(sku, OrderFlow.Latitude + OneKilometreNorth, OrderFlow.Longitude);
        using var far = await flow.JoinPoolAsync(sku, OrderFlow.Latitude + (2 * OneKilometreNorth), OrderFlow.Longitude);
        await SetAvailabilityAsync(resting, new { active = false, latitude = OrderFlow.Latitude, longitude = OrderFlow.Longitude });
        await flow.AssembleAsync(order.Id);

        var first = await OrderFlow.OfferForAsync(near, order.Id);
        var offeredWhileResting = await resting.Http.GetFromJsonAsync<List<OfferResponse>>($"/api/offers?orderId={order.Id}");
        await SetAvailabilityAsync(resting, new { active = true });
        using (var decline = await OrderFlow.AnswerAsync(near, first.Id, accept: false))
        {
            Assert.Equal(HttpStatusCode.OK, decline.StatusCode);
        }

        // Back on duty at the order's address (the position sent while off duty): before the worker 2 km away.
        await flow.AcceptAsync(order.Id, resting);

        Assert.Empty(offeredWhileResting!);
        Assert.False(await flow.WithAsync<OrderingDbContext, bool>(db => db.Offers.AnyAsync(o => o.WorkerId == far.Id)));
        client.Dispose();
    }

    [Fact]
    public async Task Accept_WhenBookedMeanwhileForAnOverlappingOrder_Answers409_AndTheNextWorkerIsAsked()
    {
        var (client, first, firstSku) = await flow.OrderAsync();
        var (otherClient, second, secondSku) = await flow.OrderAsync();
        using var near = await flow.JoinPoolAsync(firstSku, OrderFlow.Latitude, OrderFlow.Longitude);
        using var far = await flow.JoinPoolAsync(firstSku, OrderFlow.Latitude + OneKilometreNorth, OrderFlow.Longitude);
        await flow.AddSkillAsync(near, secondSku);
        await flow.AddSkillAsync(far, secondSku);
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        await flow.AssembleAsync(first.Id);
        var nearOffer = await OrderFlow.OfferForAsync(near, first.Id);

        // The nearest worker holds an open offer of an overlapping order: the second order goes to the next one.
        await flow.AssembleAsync(second.Id);
        var farOfferOfSecond = await OrderFlow.OfferForAsync(far, second.Id);
        using var assignment = await manager.Http.PostAsJsonAsync($"/api/orders/{second.Id}/assignment", new { workerId = near.Id });
        await flow.WaitForStatusAsync(second.Id, OrderStatus.AwaitingHandOver);
        using var lateAccept = await OrderFlow.AnswerAsync(near, nearOffer.Id, accept: true);
        var refusal = await DefinitionApi.ProblemAsync(lateAccept);
        await flow.AcceptAsync(first.Id, far);

        Assert.Equal(HttpStatusCode.NoContent, assignment.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lateAccept.StatusCode);
        Assert.Equal("You are booked for another order overlapping this window.", refusal.GetProperty("detail").GetString());
        Assert.Equal(OfferStatus.Busy, await OfferStatusAsync(nearOffer.Id));
        Assert.Equal(OfferStatus.Withdrawn, await OfferStatusAsync(farOfferOfSecond.Id));
        Assert.False(await flow.WithAsync<OrderingDbContext, bool>(db => db.Offers.AnyAsync(o => o.OrderId == second.Id && o.WorkerId == near.Id)));
        var timeline = (await flow.WaitForStatusAsync(first.Id, OrderStatus.AwaitingHandOver)).Timeline;
        Assert.Equal(far.Id, Assert.Single(timeline, entry => entry.Type == OrderingEvents.WorkerAssigned).Actor);
        Assert.Equal([second.Id], await BookedOrdersAsync(near.Id));
        client.Dispose();
        otherClient.Dispose();
    }

    [Fact]
    public async Task Assignment_OfAWorkerBookedForAnOverlappingOrder_Answers409_AndTheOrderKeepsMatching()
    {
        var (client, first, firstSku) = await flow.OrderAsync();
        var (otherClient, second, _) = await flow.OrderAsync();
        using var busy = await flow.JoinPoolAsync(firstSku);
        using var free = await flow.SignInAsync(PlatformRoles.Worker);
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        await flow.AssembleAsync(first.Id);
        await flow.AcceptAsync(first.Id, busy);
        await flow.AssembleAsync(second.Id);
        await flow.WaitForStatusAsync(second.Id, OrderStatus.Matching);

        using var refused = await manager.Http.PostAsJsonAsync($"/api/orders/{second.Id}/assignment", new { workerId = busy.Id });
        var problem = await DefinitionApi.ProblemAsync(refused);
        var afterRefusal = await flow.WaitForStatusAsync(second.Id, OrderStatus.Matching);
        using var assigned = await manager.Http.PostAsJsonAsync($"/api/orders/{second.Id}/assignment", new { workerId = free.Id });
        var detail = await flow.WaitForStatusAsync(second.Id, OrderStatus.AwaitingHandOver);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("The worker is booked for another order overlapping this order's window.", problem.GetProperty("detail").GetString());
        Assert.Null(afterRefusal.Order.WorkerId);
        Assert.DoesNotContain(afterRefusal.Timeline, entry => entry.Type == OrderingEvents.WorkerAssigned);
        Assert.Equal(HttpStatusCode.NoContent, assigned.StatusCode);
        Assert.Equal(free.Id, detail.Order.WorkerId);
        Assert.Equal([first.Id], await BookedOrdersAsync(busy.Id));
        client.Dispose();
        otherClient.Dispose();
    }

    [Fact]
    public async Task AssignWorker_TwoOverlappingOrdersInParallel_BooksExactlyOne()
    {
        var workers = Enumerable.Range(0, 20).Select(_ => $"worker-{Guid.NewGuid():N}").ToList();

        var outcomes = await Task.WhenAll(workers.Select(async worker =>
        {
            var booked = await Task.WhenAll(BookAsync(Window(Morning, hours: 2), worker), BookAsync(Window(Morning.AddHours(1), hours: 2), worker));
            return (Worker: worker, Booked: booked);
        }));

        foreach (var (worker, booked) in outcomes)
        {
            Assert.Single(booked, outcome => outcome);
            Assert.Single(await BookedOrdersAsync(worker));
        }
    }

    [Fact]
    public async Task AssignWorker_RetriedForTheSameOrder_AnswersBookedAndStoresOneBooking()
    {
        var worker = $"worker-{Guid.NewGuid():N}";
        var order = Window(Morning, hours: 2);

        var first = await BookAsync(order, worker);
        var retry = await BookAsync(order, worker);

        Assert.True(first && retry);
        Assert.Equal([order.OrderId], await BookedOrdersAsync(worker));
    }

    [Fact]
    public async Task AssignWorker_WindowsThatOnlyTouch_OrAReleasedBooking_DoNotBlock()
    {
        var worker = $"worker-{Guid.NewGuid():N}";
        var morning = Window(Morning, hours: 2);
        var noon = Window(Morning.AddHours(2), hours: 2);
        var cancelled = Window(Morning.AddHours(4), hours: 2);
        var afterCancellation = Window(Morning.AddHours(5), hours: 2);

        var bookedMorning = await BookAsync(morning, worker);
        var bookedNoon = await BookAsync(noon, worker);
        var bookedCancelled = await BookAsync(cancelled, worker);
        var refusedWhileBooked = await BookAsync(afterCancellation, worker);
        await ReleaseAsync(cancelled.OrderId);
        var bookedAfterRelease = await BookAsync(afterCancellation, worker);

        Assert.True(bookedMorning && bookedNoon && bookedCancelled && bookedAfterRelease);
        Assert.False(refusedWhileBooked);
    }

    [Fact]
    public async Task CandidateRanking_CountsRecentOffersAndHandAssignments_NotThisOrder_NorOlderThanTheFairnessPeriod_NorAnOfferedOrderTwice()
    {
        var (busyLately, quiet) = ($"worker-{Guid.NewGuid():N}", $"worker-{Guid.NewGuid():N}");
        var thisOrder = Guid.NewGuid();
        var (acceptedOrder, assignedByHand, declinedOrder) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var asOf = Morning.AddDays(-1);
        var lastWeek = asOf - WorkerRanking.FairnessPeriod;
        await flow.WithAsync<OrderingDbContext, int>(db =>
        {
            // An accepted offer's booking names the offer and counts with it; a manager's assignment is a booking alone.
            var accepted = Offer(busyLately, acceptedOrder, asOf.AddHours(-3), OfferStatus.Accepted);
            db.Offers.AddRange(
                accepted,
                Offer(busyLately, declinedOrder, asOf.AddHours(-2), OfferStatus.Declined),
                Offer(quiet, thisOrder, asOf.AddMinutes(-1), OfferStatus.Declined),
                Offer(quiet, Guid.NewGuid(), lastWeek.AddMinutes(-1), OfferStatus.Accepted));
            db.WorkerBookings.AddRange(
                Booking(busyLately, acceptedOrder, asOf.AddHours(-3), Morning.AddDays(-2), accepted.Id),
                Booking(busyLately, assignedByHand, asOf.AddHours(-1), Morning.AddDays(-3)),
                Booking(quiet, Guid.NewGuid(), lastWeek.AddMinutes(-1), Morning.AddDays(-9)));
            return db.SaveChangesAsync();
        });

        // The order they declined, assigned to them by hand afterwards: it counted with the offer already.
        await flow.WithAsync<OrderingDbContext, int>(db =>
        {
            db.WorkerBookings.Add(Booking(busyLately, declinedOrder, asOf.AddMinutes(-30), Morning.AddDays(-4)));
            return db.SaveChangesAsync();
        });
        var query = new CandidateQuery(
            thisOrder, OrderFlow.Latitude, OrderFlow.Longitude, Morning, Morning.AddHours(2), asOf,
            [new(busyLately, OrderFlow.Latitude, OrderFlow.Longitude, null), new(quiet, OrderFlow.Latitude, OrderFlow.Longitude, null)]);

        var ranked = await RankAsync(query);

        Assert.Equal([(quiet, 0), (busyLately, 3)], ranked.Select(candidate => (candidate.WorkerId, candidate.RecentOrders)));
    }

    [Fact]
    public async Task CandidateRanking_CountsThePeriodsFirstPartialHourExactly_AndThisOrdersOffersNowhere()
    {
        var worker = $"worker-{Guid.NewGuid():N}";
        var (thisOrder, declinedThenAssigned) = (Guid.NewGuid(), Guid.NewGuid());
        // The period starts at 09:20 a week before: its first hour is partial, whole hours count from 10:00.
        var asOf = Morning.AddDays(-1).AddMinutes(20);
        var since = asOf - WorkerRanking.FairnessPeriod;
        await flow.WithAsync<OrderingDbContext, int>(db =>
        {
            db.Offers.AddRange(
                Offer(worker, Guid.NewGuid(), since.AddMinutes(-10), OfferStatus.Declined),
                Offer(worker, declinedThenAssigned, since.AddMinutes(10), OfferStatus.Declined),
                Offer(worker, thisOrder, since.AddMinutes(5), OfferStatus.Declined),
                Offer(worker, Guid.NewGuid(), since.AddMinutes(40), OfferStatus.Expired),
                Offer(worker, thisOrder, asOf.AddMinutes(-1), OfferStatus.Declined));
            db.WorkerBookings.Add(Booking(worker, Guid.NewGuid(), since.AddMinutes(30), Morning.AddDays(-5)));
            return db.SaveChangesAsync();
        });
        await flow.WithAsync<OrderingDbContext, int>(db =>
        {
            db.WorkerBookings.Add(Booking(worker, declinedThenAssigned, since.AddMinutes(35), Morning.AddDays(-6)));
            return db.SaveChangesAsync();
        });
        var query = new CandidateQuery(
            thisOrder, OrderFlow.Latitude, OrderFlow.Longitude, Morning, Morning.AddHours(2), asOf,
            [new(worker, OrderFlow.Latitude, OrderFlow.Longitude, null)]);

        var ranked = await RankAsync(query);

        // 09:30 and 10:00 offered, 09:50 assigned by hand; 09:10 is before the period, this order's two offers do not count,
        // and the order offered at 09:30 counts once though it was assigned by hand at 09:55.
        Assert.Equal(3, ranked.Single().RecentOrders);
        Assert.Equal(
            [(worker, since.AddMinutes(-20), 4), (worker, since.AddMinutes(40), 1), (worker, asOf.AddMinutes(-20), 1)],
            await WorkerLoadsAsync(worker));
    }

    [Fact]
    public async Task WorkerLoads_AWorkersFirstCountInAnHour_DropsTheirCountsMoreThanADayOlderThanThePeriod()
    {
        var (worker, colleague) = ($"worker-{Guid.NewGuid():N}", $"worker-{Guid.NewGuid():N}");
        var hour = Morning.AddDays(-1);
        var (periodStart, lastKept, firstDropped) = (hour - WorkerRanking.FairnessPeriod, hour.AddDays(-8), hour.AddDays(-8).AddHours(-1));
        WorkerLoad Load(string workerId, DateTimeOffset at) => new() { WorkerId = workerId, Hour = at, Orders = 2 };
        await flow.WithAsync<OrderingDbContext, int>(db =>
        {
            db.WorkerLoads.AddRange(
                Load(worker, hour.AddDays(-30)), Load(worker, firstDropped), Load(worker, lastKept), Load(worker, periodStart), Load(colleague, hour.AddDays(-30)));
            return db.SaveChangesAsync();
        });

        await AddOfferAsync(worker, hour.AddMinutes(5));
        var afterFirstCount = await WorkerLoadsAsync(worker, colleague);
        // A later count in the same hour adds to it and deletes nothing.
        await flow.WithAsync<OrderingDbContext, int>(db =>
        {
            db.WorkerLoads.Add(Load(worker, firstDropped));
            return db.SaveChangesAsync();
        });
        await AddOfferAsync(worker, hour.AddMinutes(50));

        Assert.Equal([(worker, lastKept, 2), (worker, periodStart, 2), (worker, hour, 1), (colleague, hour.AddDays(-30), 2)], afterFirstCount);
        Assert.Equal([(worker, firstDropped, 2), (worker, lastKept, 2), (worker, periodStart, 2), (worker, hour, 2), (colleague, hour.AddDays(-30), 2)], await WorkerLoadsAsync(worker, colleague));

        Task AddOfferAsync(string workerId, DateTimeOffset offeredAt) => flow.WithAsync<OrderingDbContext, int>(db =>
        {
            db.Offers.Add(Offer(workerId, Guid.NewGuid(), offeredAt, OfferStatus.Declined));
            return db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task CandidateRanking_DropsWorkersBookedOrAskedForAnOverlappingWindow_AndNoOneElse()
    {
        string Worker(string name) => $"{name}-{Guid.NewGuid():N}";
        var (booked, released, touching, askedElsewhere, askedForThisOrder, askedForLaterOrder, free) =
            (Worker("booked"), Worker("released"), Worker("touching"), Worker("asked-elsewhere"), Worker("asked-here"), Worker("asked-later"), Worker("free"));
        var thisOrder = Window(Morning, hours: 2);
        var (overlapping, later) = (Window(Morning.AddHours(1), hours: 2), Window(Morning.AddHours(2), hours: 2));
        await flow.WithAsync<OrderingDbContext, int>(db =>
        {
            db.Orders.AddRange(Stored(overlapping), Stored(later));
            db.WorkerBookings.AddRange(
                Booking(booked, Guid.NewGuid(), Morning.AddDays(-1), Morning.AddHours(1)),
                Booking(released, Guid.NewGuid(), Morning.AddDays(-1), Morning.AddHours(1)),
                Booking(touching, Guid.NewGuid(), Morning.AddDays(-1), Morning.AddHours(-2)));
            db.WorkerBookings.Local.Single(booking => booking.WorkerId == released).ReleasedAt = Morning.AddDays(-1);
            db.Offers.AddRange(
                Offer(askedElsewhere, overlapping.OrderId, Morning.AddDays(-1), OfferStatus.Open),
                Offer(askedForThisOrder, thisOrder.OrderId, Morning.AddDays(-1), OfferStatus.Open),
                Offer(askedForLaterOrder, later.OrderId, Morning.AddDays(-1), OfferStatus.Open));
            return db.SaveChangesAsync();
        });
        string[] everyone = [booked, released, touching, askedElsewhere, askedForThisOrder, askedForLaterOrder, free];
        var query = new CandidateQuery(
            thisOrder.OrderId, OrderFlow.Latitude, OrderFlow.Longitude, thisOrder.WindowStart, thisOrder.WindowEnd, Morning.AddDays(-1),
            [.. everyone.Select(worker => new PoolWorker(worker, OrderFlow.Latitude, OrderFlow.Longitude, null))]);

        var ranked = await RankAsync(query);

        Assert.Equal(
            new[] { released, touching, askedForThisOrder, askedForLaterOrder, free }.Order(StringComparer.Ordinal),
            ranked.Select(candidate => candidate.WorkerId).Order(StringComparer.Ordinal));
    }

    /// <summary>An offer left <c>Open</c> past its expiry (its order's workflow was lost) does not block its worker.</summary>
    [Fact]
    public async Task CandidateRanking_IgnoresAnOpenOfferThatHasExpired()
    {
        var (expired, stillOpen) = ($"expired-{Guid.NewGuid():N}", $"still-open-{Guid.NewGuid():N}");
        var thisOrder = Window(Morning, hours: 2);
        var overlapping = Window(Morning.AddHours(1), hours: 2);
        var asOf = Morning.AddDays(-1);
        await flow.WithAsync<OrderingDbContext, int>(db =>
        {
            db.Orders.Add(Stored(overlapping));
            db.Offers.AddRange(
                Offer(expired, overlapping.OrderId, asOf.AddMinutes(-11), OfferStatus.Open),
                Offer(stillOpen, overlapping.OrderId, asOf.AddMinutes(-9), OfferStatus.Open));
            return db.SaveChangesAsync();
        });
        var query = new CandidateQuery(
            thisOrder.OrderId, OrderFlow.Latitude, OrderFlow.Longitude, thisOrder.WindowStart, thisOrder.WindowEnd, asOf,
            [new PoolWorker(expired, OrderFlow.Latitude, OrderFlow.Longitude, null), new PoolWorker(stillOpen, OrderFlow.Latitude, OrderFlow.Longitude, null)]);

        var ranked = await RankAsync(query);

        Assert.Equal([expired], ranked.Select(candidate => candidate.WorkerId));
    }

    [Fact]
    public async Task OfferToBestCandidate_OffersTheBestNotYetAsked_WithTheStepStart_AndARetryAnswersTheWorkerItStored()
    {
        var (near, nearish) = ($"near-{Guid.NewGuid():N}", $"nearish-{Guid.NewGuid():N}");
        var order = Window(Morning, hours: 2);
        await StoreAtAsync(order, OrderStatus.Picking);
        var assembled = new SeedEvent(Guid.NewGuid(), OrderingEvents.StreamId(order.OrderId), WarehouseEvents.OrderAssembled, "staff", Morning.AddDays(-1));
        var round = new OfferRound(
            Query(order, new PoolWorker(near, OrderFlow.Latitude, OrderFlow.Longitude, null), new PoolWorker(nearish, OrderFlow.Latitude + OneKilometreNorth, OrderFlow.Longitude, null)),
            [near],
            Guid.NewGuid(),
            Morning.AddDays(-1).AddMinutes(15),
            new OrderProgress(order.OrderId, OrderStatus.Matching, "match", null, [assembled]));

        var offered = await OfferToBestCandidateAsync(round);
        // The retry meets a ranking that moved: the worker offered is booked elsewhere now.
        await flow.WithAsync<OrderingDbContext, int>(db =>
        {
            db.WorkerBookings.Add(Booking(nearish, Guid.NewGuid(), Morning.AddDays(-1), Morning));
            return db.SaveChangesAsync();
        });
        var offeredOnRetry = await OfferToBestCandidateAsync(round);

        Assert.Equal((nearish, nearish), (offered, offeredOnRetry));
        var stored = await flow.WithAsync<OrderingDbContext, (Offer Offer, Order Order, int Events)>(async db => (
            await db.Offers.SingleAsync(offer => offer.OrderId == order.OrderId),
            await db.Orders.SingleAsync(stored => stored.Id == order.OrderId),
            await db.Events.CountAsync(recorded => recorded.StreamId == OrderingEvents.StreamId(order.OrderId))));
        Assert.Equal((round.OfferId, nearish, OfferStatus.Open, round.ExpiresAt), (stored.Offer.Id, stored.Offer.WorkerId, stored.Offer.Status, stored.Offer.ExpiresAt));
        Assert.Equal((OrderStatus.Matching, "match", 1), (stored.Order.Status, stored.Order.CurrentStepId, stored.Events));
        // The retry's insert met the stored offer, so the worker's hour counts it once, with the booking made above.
        Assert.Equal(2, await flow.WithAsync<OrderingDbContext, int>(db => db.WorkerLoads.Where(load => load.WorkerId == nearish).SumAsync(load => load.Orders)));
    }

    [Fact]
    public async Task OfferToBestCandidate_WithNobodyLeftToAsk_StoresTheStepStartAlone()
    {
        var asked = $"asked-{Guid.NewGuid():N}";
        var order = Window(Morning, hours: 2);
        await StoreAtAsync(order, OrderStatus.Picking);
        var round = new OfferRound(
            Query(order, new PoolWorker(asked, OrderFlow.Latitude, OrderFlow.Longitude, null)),
            [asked],
            Guid.NewGuid(),
            Morning.AddDays(-1).AddMinutes(15),
            new OrderProgress(order.OrderId, OrderStatus.Matching, "match", null, []));

        var offered = await OfferToBestCandidateAsync(round);

        Assert.Null(offered);
        Assert.Equal(
            (OrderStatus.Matching, false),
            await flow.WithAsync<OrderingDbContext, (OrderStatus, bool)>(async db => (
                await db.Orders.Where(stored => stored.Id == order.OrderId).Select(stored => stored.Status).SingleAsync(),
                await db.Offers.AnyAsync(offer => offer.OrderId == order.OrderId))));
    }

    [Fact]
    public async Task ARecordWithoutAWorker_LandingAfterTheAssignment_LeavesTheOrderAsAssigned()
    {
        var worker = $"worker-{Guid.NewGuid():N}";
        var order = Window(Morning, hours: 2);
        await StoreAtAsync(order, OrderStatus.Picking);
        Assert.True(await BookAsync(order, worker));
        var late = new SeedEvent(Guid.NewGuid(), OrderingEvents.StreamId(order.OrderId), WarehouseEvents.OrderAssembled, "staff", Morning.AddDays(-1));

        await using (var scope = flow.Host.Services.CreateAsyncScope())
        {
            var activities = scope.ServiceProvider.GetRequiredService<OrderActivities>();
            await new ActivityEnvironment().RunAsync(() => activities.AdvanceOrderAsync(new OrderProgress(order.OrderId, OrderStatus.Matching, "match-late", null, [late])));
        }

        var stored = await flow.WithAsync<OrderingDbContext, Order>(db => db.Orders.AsNoTracking().SingleAsync(stored => stored.Id == order.OrderId));
        Assert.Equal((worker, "match"), (stored.WorkerId, stored.CurrentStepId));
    }

    private static Order Stored(OrderRequest order) => new()
    {
        Id = order.OrderId, ClientId = order.ClientId, QuoteId = order.QuoteId, ServiceTypeCode = order.ServiceTypeCode,
        ServiceTypeVersion = order.ServiceTypeVersion, Address = order.Address, City = order.City, Latitude = order.Latitude,
        Longitude = order.Longitude, WindowStart = order.WindowStart, WindowEnd = order.WindowEnd, Currency = order.Currency,
        Price = order.Price, Status = OrderStatus.Matching, PlacedAt = Morning.AddDays(-1), UpdatedAt = Morning.AddDays(-1),
    };

    private static OrderRequest Window(DateTimeOffset start, int hours) => new(
        Guid.NewGuid(), "client", Guid.NewGuid(), "office-cookies", 1, "Friedrichstraße 43, 10117 Berlin", OrderFlow.City,
        OrderFlow.Latitude, OrderFlow.Longitude, start, start.AddHours(hours), "EUR", 55m, new OrderStart(OrderStatus.Matching, "match"));

    /// <summary>The hourly fairness counts (<c>ordering.worker_loads</c>) of <paramref name="workers"/>, worker by worker in that order, each by hour.</summary>
    private Task<List<(string WorkerId, DateTimeOffset Hour, int Orders)>> WorkerLoadsAsync(params string[] workers) =>
        flow.WithAsync<OrderingDbContext, List<(string, DateTimeOffset, int)>>(async db =>
            [.. (await db.WorkerLoads.Where(load => workers.Contains(load.WorkerId)).ToListAsync())
                .OrderBy(load => Array.IndexOf(workers, load.WorkerId)).ThenBy(load => load.Hour)
                .Select(load => (load.WorkerId, load.Hour, load.Orders))]);

    private static Offer Offer(string workerId, Guid orderId, DateTimeOffset offeredAt, OfferStatus status) => new()
    {
        Id = Guid.NewGuid(), OrderId = orderId, WorkerId = workerId, Status = status, OfferedAt = offeredAt,
        ExpiresAt = offeredAt.AddMinutes(10), AnsweredAt = offeredAt.AddMinutes(1),
    };

    private static WorkerBooking Booking(string workerId, Guid orderId, DateTimeOffset bookedAt, DateTimeOffset windowStart, Guid? offerId = null) => new()
    {
        OrderId = orderId, WorkerId = workerId, BookedAt = bookedAt, WindowStart = windowStart, WindowEnd = windowStart.AddHours(2), OfferId = offerId,
    };

    private Task<int> StoreAtAsync(OrderRequest order, OrderStatus status) =>
        flow.WithAsync<OrderingDbContext, int>(db =>
        {
            var stored = Stored(order);
            stored.Status = status;
            db.Orders.Add(stored);
            return db.SaveChangesAsync();
        });

    private static CandidateQuery Query(OrderRequest order, params PoolWorker[] pool) =>
        new(order.OrderId, order.Latitude, order.Longitude, order.WindowStart, order.WindowEnd, Morning.AddDays(-1), pool);

    /// <summary>The free workers as a matching round ranks them.</summary>
    private async Task<IReadOnlyList<MatchCandidate>> RankAsync(CandidateQuery query)
    {
        await using var scope = flow.Host.Services.CreateAsyncScope();
        var ranking = new CandidateRanking(scope.ServiceProvider.GetRequiredService<OrderingDbContext>());
        return (await ranking.RankAsync(query, Guid.NewGuid(), CancellationToken.None)).Free;
    }

    private async Task<string?> OfferToBestCandidateAsync(OfferRound round)
    {
        await using var scope = flow.Host.Services.CreateAsyncScope();
        var matching = scope.ServiceProvider.GetRequiredService<MatchingActivities>();
        return await new ActivityEnvironment().RunAsync(() => matching.OfferToBestCandidateAsync(round));
    }

    /// <summary>The activity as the order workflow runs it, in its own scope (its own connection).</summary>
    private async Task<bool> BookAsync(OrderRequest order, string workerId)
    {
        await using var scope = flow.Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<OrderActivities>();
        var assigned = new OrderProgress(order.OrderId, OrderStatus.Matching, "match", workerId, []);
        return await new ActivityEnvironment().RunAsync(() => activities.AssignWorkerAsync(new WorkerAssignmentRecord(order, workerId, null, DateTimeOffset.UtcNow, assigned)));
    }

    private async Task ReleaseAsync(Guid orderId)
    {
        await using var scope = flow.Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<OrderActivities>();
        Assert.True(await new ActivityEnvironment().RunAsync(() => activities.ReleaseWorkerAsync(orderId)));
    }

    private Task<List<Guid>> BookedOrdersAsync(string workerId) =>
        flow.WithAsync<OrderingDbContext, List<Guid>>(db => db.WorkerBookings.Where(b => b.WorkerId == workerId && b.ReleasedAt == null).Select(b => b.OrderId).ToListAsync());

    private Task<OfferStatus> OfferStatusAsync(Guid offerId) =>
        flow.WithAsync<OrderingDbContext, OfferStatus>(db => db.Offers.Where(o => o.Id == offerId).Select(o => o.Status).SingleAsync());

    private static async Task SetAvailabilityAsync(Party worker, object availability)
    {
        using var response = await worker.Http.PutAsJsonAsync("/api/workers/me/availability", availability);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
