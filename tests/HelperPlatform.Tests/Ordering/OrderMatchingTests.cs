using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Tests.Management;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Temporalio.Client;

namespace HelperPlatform.Tests.Ordering;

/// <summary>
/// Matching through the real API and workflows: offers go to pool workers one at a time in rank order, answers
/// and lapses move on, nobody leads to managers. Timers are moved by the dev server's clock, never slept through.
/// </summary>
public sealed class OrderMatchingTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    /// <summary>About 111 m of latitude.</summary>
    private const double OneKilometreNorth = 0.009;

    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task Matching_OffersOneWorkerAtATimeInRankOrder_EachDeclineMovesToTheNext()
    {
        var (client, order, sku) = await flow.OrderAsync();
        using var far = await flow.JoinPoolAsync(sku, OrderFlow.Latitude + (3 * OneKilometreNorth), OrderFlow.Longitude, 5.0m);
        using var unplaced = await flow.JoinPoolAsync(sku, rating: 5.0m);
        using var busyLately = await flow.JoinPoolAsync(sku, OrderFlow.Latitude + 0.001, OrderFlow.Longitude, 5.0m);
        using var nearGood = await flow.JoinPoolAsync(sku, OrderFlow.Latitude + 0.002, OrderFlow.Longitude, 4.9m);
        using var nearOk = await flow.JoinPoolAsync(sku, OrderFlow.Latitude + 0.001, OrderFlow.Longitude, 4.0m);
        using var elsewhere = await flow.JoinPoolAsync(sku, OrderFlow.Latitude, OrderFlow.Longitude, 5.0m, city: "Hamburg");
        await RecentOfferAsync(busyLately.Id);
        await flow.AssembleAsync(order.Id);

        var declined = new List<OfferResponse>();
        foreach (var worker in new[] { nearGood, nearOk, busyLately, far })
        {
            var offer = await OrderFlow.OfferForAsync(worker, order.Id);
            Assert.Equal(1, await OpenOffersAsync(order.Id));
            using var decline = await OrderFlow.AnswerAsync(worker, offer.Id, accept: false);
            Assert.True(decline.StatusCode == HttpStatusCode.OK, await decline.Content.ReadAsStringAsync());
            declined.Add(offer);
        }

        await flow.AcceptAsync(order.Id, unplaced);
        using var late = await OrderFlow.AnswerAsync(nearGood, declined[0].Id, accept: true);
        var detail = await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingHandOver);

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(unplaced.Id, detail.Order.WorkerId);
        var assigned = Assert.Single(detail.Timeline, entry => entry.Type == OrderingEvents.WorkerAssigned);
        Assert.Equal(unplaced.Id, assigned.Actor);
        Assert.Equal(
            [OfferStatus.Declined, OfferStatus.Declined, OfferStatus.Declined, OfferStatus.Declined, OfferStatus.Accepted],
            await flow.WithAsync<OrderingDbContext, List<OfferStatus>>(db => db.Offers.Where(o => o.OrderId == order.Id).OrderBy(o => o.OfferedAt).Select(o => o.Status).ToListAsync()));
        Assert.False(await flow.WithAsync<OrderingDbContext, bool>(db => db.Offers.AnyAsync(o => o.WorkerId == elsewhere.Id)));
        Assert.Equal(unplaced.Id, await flow.WithAsync<OrderingDbContext, string>(db => db.WorkerBookings.Where(b => b.OrderId == order.Id).Select(b => b.WorkerId).SingleAsync()));
        client.Dispose();
    }

    [Fact]
    public async Task Matching_WhenAnOfferLapses_OffersTheNextWorkerAndRefusesTheLateAnswer()
    {
        var (client, order, sku) = await flow.OrderAsync();
        using var first = await flow.JoinPoolAsync(sku, OrderFlow.Latitude, OrderFlow.Longitude);
        using var second = await flow.JoinPoolAsync(sku, OrderFlow.Latitude + OneKilometreNorth, OrderFlow.Longitude);
        await flow.AssembleAsync(order.Id);
        var lapsing = await OrderFlow.OfferForAsync(first, order.Id);

        // The service type's offer deadline is PT15M. The offer row is written before the workflow starts the
        // offer's timer, so skip only once that timer exists, or the skip would pass before it is set.
        await WaitForOfferTimerAsync(order.Id);
        await flow.Host.Temporal.SkipTimeAsync(TimeSpan.FromMinutes(16));
        var next = await OrderFlow.OfferForAsync(second, order.Id);
        using var late = await OrderFlow.AnswerAsync(first, lapsing.Id, accept: true);
        using var accepted = await OrderFlow.AnswerAsync(second, next.Id, accept: true);
        var detail = await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingHandOver);

        Assert.Equal(TimeSpan.FromMinutes(15), lapsing.ExpiresAt - lapsing.OfferedAt);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(second.Id, detail.Order.WorkerId);
        Assert.Equal(OfferStatus.Expired, await OfferStatusAsync(lapsing.Id));
        client.Dispose();
    }

    /// <summary>The offer's timer runs for what is left of the 15 minutes once the offer row is written.</summary>
    private async Task WaitForOfferTimerAsync(Guid orderId)
    {
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(flow.Host.Temporal.Address));
        var handle = temporal.GetWorkflowHandle(OrderWorkflow.WorkflowId(orderId));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!(await handle.FetchHistoryAsync()).Events.Any(e =>
                   e.TimerStartedEventAttributes?.StartToFireTimeout?.ToTimeSpan() is { TotalMinutes: > 14 and <= 15 }))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The order workflow never started the offer's timer.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Matching_WithNobodyQualified_EscalatesToManagersWhoAssignByHand()
    {
        var (client, order, sku) = await flow.OrderAsync();
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        await flow.AssembleAsync(order.Id);

        using (flow.Host.Temporal.AutoSkipTime())
        {
            await flow.WaitForStatusAsync(order.Id, OrderStatus.Escalated);
        }

        using var worker = await flow.JoinPoolAsync(sku);
        using var assignment = await manager.Http.PostAsJsonAsync($"/api/orders/{order.Id}/assignment", new { workerId = worker.Id });
        var detail = await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingHandOver);

        Assert.Equal(HttpStatusCode.NoContent, assignment.StatusCode);
        Assert.Equal(
            [OrderingEvents.HelpRequested, WarehouseEvents.OrderAssembled, OrderingEvents.MatchingEscalated, OrderingEvents.WorkerAssigned],
            detail.Timeline.Select(entry => entry.Type));
        Assert.Equal((worker.Id, manager.Id), (detail.Order.WorkerId, detail.Timeline[^1].Actor));
        var escalation = await flow.WithAsync<OnboardingDbContext, Activities.Platform.Notifications.RecordedNotification>(
            db => db.Notifications.SingleAsync(n => n.Reference == OrderingEvents.StreamId(order.Id)));
        Assert.Equal(OrderNotifications.Managers, escalation.Recipient);
        Assert.Contains(order.Id.ToString(), escalation.Body, StringComparison.Ordinal);
        Assert.Empty(await flow.WithAsync<OrderingDbContext, List<Offer>>(db => db.Offers.Where(o => o.OrderId == order.Id).ToListAsync()));
        client.Dispose();
    }

    [Fact]
    public async Task Cancel_WhileAnOfferIsOpen_WithdrawsItAndTheAnswerComesTooLate()
    {
        var (client, order, sku) = await flow.OrderAsync();
        using var worker = await flow.JoinPoolAsync(sku);
        await flow.AssembleAsync(order.Id);
        var offer = await OrderFlow.OfferForAsync(worker, order.Id);

        using var cancel = await client.Http.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { reason = "found someone" });
        var cancelled = (await cancel.Content.ReadFromJsonAsync<CancelOrderResponse>())!;
        using var accept = await OrderFlow.AnswerAsync(worker, offer.Id, accept: true);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(["stock-reservation-released", "offers-withdrawn"], cancelled.Compensations);
        Assert.Equal(OfferStatus.Withdrawn, await OfferStatusAsync(offer.Id));
        Assert.Equal(HttpStatusCode.Conflict, accept.StatusCode);
        Assert.False(await flow.WithAsync<OrderingDbContext, bool>(db => db.WorkerBookings.AnyAsync(b => b.OrderId == order.Id)));
        client.Dispose();
    }

    [Fact]
    public async Task Offers_OfAnotherWorker_CannotBeSeenOrAnswered()
    {
        var (client, order, sku) = await flow.OrderAsync();
        using var worker = await flow.JoinPoolAsync(sku);
        using var other = await flow.JoinPoolAsync(OrderFlow.UniqueSku());
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        await flow.AssembleAsync(order.Id);
        var offer = await OrderFlow.OfferForAsync(worker, order.Id);

        var seenByOther = await other.Http.GetFromJsonAsync<List<OfferResponse>>("/api/offers");
        var seenByManager = await manager.Http.GetFromJsonAsync<List<OfferResponse>>($"/api/offers?orderId={order.Id}");
        using var foreignAccept = await OrderFlow.AnswerAsync(other, offer.Id, accept: true);
        using var foreignDecline = await OrderFlow.AnswerAsync(other, offer.Id, accept: false);
        var problem = await DefinitionApi.ProblemAsync(foreignAccept);

        Assert.Empty(seenByOther!);
        Assert.Equal([offer.Id], seenByManager!.Select(seen => seen.Id));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (foreignAccept.StatusCode, foreignDecline.StatusCode));
        Assert.Contains(offer.Id.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(OfferStatus.Open, await OfferStatusAsync(offer.Id));
        Assert.Equal((OrderFlow.City, "Friedrichstraße 43, 10117 Berlin"), (offer.City, offer.Address));
        await flow.AcceptAsync(order.Id, worker);
        client.Dispose();
    }

    /// <summary>An offer of another order this week: the worker counts as having had work lately.</summary>
    private Task<int> RecentOfferAsync(string workerId) =>
        flow.WithAsync<OrderingDbContext, int>(db =>
        {
            db.Offers.Add(new Offer
            {
                Id = Guid.NewGuid(),
                OrderId = Guid.NewGuid(),
                WorkerId = workerId,
                Status = OfferStatus.Declined,
                OfferedAt = DateTimeOffset.UtcNow.AddDays(-1),
                ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1).AddMinutes(15),
            });
            return db.SaveChangesAsync();
        });

    private Task<int> OpenOffersAsync(Guid orderId) =>
        flow.WithAsync<OrderingDbContext, int>(db => db.Offers.CountAsync(o => o.OrderId == orderId && o.Status == OfferStatus.Open));

    private Task<OfferStatus> OfferStatusAsync(Guid offerId) =>
        flow.WithAsync<OrderingDbContext, OfferStatus>(db => db.Offers.Where(o => o.Id == offerId).Select(o => o.Status).SingleAsync());
}
