using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using HelperPlatform.Activities.Execution;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Management;
using HelperPlatform.Activities.Management.Quality;
using HelperPlatform.Activities.Onboarding.WorkerPool;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Activities.Ordering.Quotes;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Activities.Warehouse;
using HelperPlatform.Activities.Warehouse.Contractor;
using HelperPlatform.Activities.Warehouse.Picking;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Tests.Management;
using HelperPlatform.Tests.Onboarding;
using HelperPlatform.Workflows.Execution;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Ordering;

/// <summary>
/// Orders end to end through the real API, the order workflow on the Ordering queue, its children on the
/// Warehouse queue, the Execution and Management workers, PostgreSQL and the contractor simulator.
/// </summary>
public sealed class OrderLifecycleTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task Place_WithAValidQuote_AnswersAtOnceWithThePriceAndRecordsHelpRequested()
    {
        var sku = OrderFlow.UniqueSku();
        var code = await flow.PublishAsync(OrderFlow.Tree(sku, samplingPercent: 0));
        using var client = await flow.SignInAsync(PlatformRoles.Client);
        var quote = await OrderFlow.QuoteAsync(client.Http, code);

        var order = await OrderFlow.PlaceAsync(client.Http, quote.Id);
        using var retry = await client.Http.PostAsJsonAsync("/api/orders", new { quoteId = quote.Id });
        var retried = (await retry.Content.ReadFromJsonAsync<OrderResponse>())!;
        var detail = await flow.WaitForAsync(order.Id, placed => placed.Status == OrderStatus.Picking, "picking");

        Assert.Equal((quote.Total, quote.Currency, code, 1), (order.Price, order.Currency, order.ServiceType, order.ServiceTypeVersion));
        // Stored at the flow's first step: the answer already shows it.
        Assert.Equal((OrderStatus.Picking, "pick"), (order.Status, order.CurrentStep));
        Assert.Equal((HttpStatusCode.OK, order.Id), (retry.StatusCode, retried.Id));
        Assert.Equal(client.Id, order.ClientId);
        var helpRequested = Assert.Single(detail.Timeline);
        Assert.Equal((OrderingEvents.HelpRequested, client.Id), (helpRequested.Type, helpRequested.Actor));
        Assert.Equal("pick", detail.Order.CurrentStep);
        Assert.Equal(1, await flow.WithAsync<OrderingDbContext, int>(db => db.Orders.CountAsync(stored => stored.QuoteId == quote.Id)));
    }

    [Fact]
    public async Task Placement_StoresTheOrderAtItsStartWithHelpRequestedOnce_UnderConcurrentRetries_AndAsRequestedWhenItsFirstStepRecordsNothing()
    {
        var code = await flow.PublishAsync(OrderFlow.Tree(OrderFlow.UniqueSku(), samplingPercent: 0));
        using var client = await flow.SignInAsync(PlatformRoles.Client);
        var (raced, requested) = (await OrderFlow.QuoteAsync(client.Http, code), await OrderFlow.QuoteAsync(client.Http, code));
        var matching = new OrderStart(OrderStatus.Matching, "match");

        // Each placement stores only after all four have found no order for the quote: they race for the quote's index.
        var (racers, arrived, allArrived) = (4, 0, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var placements = await Task.WhenAll(Enumerable.Range(0, racers).Select(_ => PlaceDirectlyAsync(client.Id, raced.Id, matching, async () =>
        {
            if (Interlocked.Increment(ref arrived) == racers)
            {
                allArrived.SetResult();
            }

            await allArrived.Task;
        })));
        var asRequested = await PlaceDirectlyAsync(client.Id, requested.Id, OrderStart.Of([]), () => Task.CompletedTask);

        Assert.Equal(
            [PlacementOutcome.Placed, PlacementOutcome.AlreadyPlaced, PlacementOutcome.AlreadyPlaced, PlacementOutcome.AlreadyPlaced],
            placements.Select(placement => placement.Outcome).Order());
        Assert.Single(placements.Select(placement => placement.Order.Id).Distinct());
        var (stored, events) = await StoredWithEventsAsync(placements[0].Order.Id);
        Assert.Equal((OrderStatus.Matching, "match"), (stored.Status, stored.CurrentStepId));
        Assert.Equal([(OrderingEvents.HelpRequested, client.Id)], events.Select(recorded => (recorded.Type, recorded.Actor)));
        Assert.Equal(matching, stored.ToWorkflowInput().Start);
        var (storedAsRequested, itsEvents) = await StoredWithEventsAsync(asRequested.Order.Id);
        Assert.Equal((OrderStatus.Requested, null), (storedAsRequested.Status, storedAsRequested.CurrentStepId));
        Assert.Equal([(OrderingEvents.HelpRequested, client.Id)], itsEvents.Select(recorded => (recorded.Type, recorded.Actor)));
        Assert.Equal(new OrderStart(OrderStatus.Requested, null), storedAsRequested.ToWorkflowInput().Start);
    }

    [Fact]
    public async Task Place_WithAnExpiredOrForeignQuote_Answers422NamingQuoteIdAndStoresNothing()
    {
        var code = await flow.PublishAsync(OrderFlow.Tree(OrderFlow.UniqueSku(), samplingPercent: 0));
        using var owner = await flow.SignInAsync(PlatformRoles.Client);
        using var stranger = await flow.SignInAsync(PlatformRoles.Client);
        var expired = await OrderFlow.QuoteAsync(owner.Http, code);
        var foreign = await OrderFlow.QuoteAsync(owner.Http, code);
        await flow.WithAsync<OrderingDbContext, int>(db => db.Quotes.Where(quote => quote.Id == expired.Id)
            .ExecuteUpdateAsync(setters => setters.SetProperty(quote => quote.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));

        using var late = await owner.Http.PostAsJsonAsync("/api/orders", new { quoteId = expired.Id });
        using var borrowed = await stranger.Http.PostAsJsonAsync("/api/orders", new { quoteId = foreign.Id });

        foreach (var (response, words) in new[] { (late, "expired"), (borrowed, "no quote") })
        {
            var problem = await DefinitionApi.ProblemAsync(response);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains(words, problem.GetProperty("errors").GetProperty("quoteId")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await flow.WithAsync<OrderingDbContext, int>(db => db.Orders.CountAsync(order => order.QuoteId == expired.Id || order.QuoteId == foreign.Id)));
    }

    [Fact]
    public async Task Order_HappyPathWithAPassedReview_CompletesWithEverySeedEventInOrder()
    {
        var (client, order, sku) = await flow.OrderAsync(samplingPercent: 100);
        using var worker = await flow.JoinPoolAsync(sku);
        await flow.BringToCheckInAsync(order.Id, worker);

        using var checkIn = await OrderFlow.CheckInAsync(worker, order.Id, OrderFlow.Latitude + 0.001, OrderFlow.Longitude);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingPhotoReport);
        using var photos = await OrderFlow.SendPhotosAsync(worker, order.Id, ("one.png", OrderFlow.Png), ("two.png", OrderFlow.Png));
        await flow.WaitForStatusAsync(order.Id, OrderStatus.QualityReview);
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        var listed = await manager.Http.GetFromJsonAsync<List<JsonElement>>($"/api/orders/{order.Id}/photos");
        using var image = await manager.Http.GetAsync($"/api/photos/{listed![0].GetProperty("id").GetGuid()}");
        using var verdict = await OrderFlow.RecordVerdictAsync(manager, order.Id, passed: true);
        var done = await flow.WaitForStatusAsync(order.Id, OrderStatus.Completed);

        Assert.True(checkIn.StatusCode == HttpStatusCode.OK, await checkIn.Content.ReadAsStringAsync());
        Assert.InRange((await checkIn.Content.ReadFromJsonAsync<CheckInAccepted>())!.DistanceMeters, 100, 125);
        Assert.True(photos.StatusCode == HttpStatusCode.OK, await photos.Content.ReadAsStringAsync());
        Assert.Equal(
            [(0, OrderFlow.Png.Length, Convert.ToHexStringLower(SHA256.HashData(OrderFlow.Png))), (1, OrderFlow.Png.Length, Convert.ToHexStringLower(SHA256.HashData(OrderFlow.Png)))],
            listed.Select(photo => (photo.GetProperty("position").GetInt32(), photo.GetProperty("sizeBytes").GetInt32(), photo.GetProperty("sha256").GetString())));
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(OrderFlow.Png, await image.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NoContent, verdict.StatusCode);
        Assert.Equal(
            [OrderingEvents.HelpRequested, WarehouseEvents.OrderAssembled, OrderingEvents.WorkerAssigned, WarehouseEvents.OrderIssued,
             ExecutionEvents.CheckedInViaApp, ExecutionEvents.PhotoReportSent, ManagementEvents.QualityChecked, OrderingEvents.OrderCompleted],
            done.Timeline.Select(entry => entry.Type));
        Assert.Equal((worker.Id, order.Price, (string?)null), (done.Order.WorkerId, done.Order.Price, done.Order.CurrentStep));
        Assert.Equal(8, await flow.OnHandAsync(sku));
        Assert.Equal(ReservationStatus.Issued, await flow.WithAsync<WarehouseDbContext, ReservationStatus>(db => db.Reservations.Where(r => r.OrderId == order.Id).Select(r => r.Status).SingleAsync()));
        Assert.Equal(
            ["OrderAssembled", "OrderIssued"],
            await flow.WithAsync<WarehouseDbContext, List<string>>(db => db.Events.Where(e => e.StreamId == OrderingEvents.StreamId(order.Id)).OrderBy(e => e.OccurredAt).Select(e => e.Type).ToListAsync()));
        Assert.Equal(2, await flow.WithAsync<ExecutionDbContext, int>(db => db.Events.CountAsync(e => e.StreamId == OrderingEvents.StreamId(order.Id))));
        Assert.Equal(QualityReviewStatus.Passed, await flow.WithAsync<ManagementDbContext, QualityReviewStatus>(db => db.QualityReviews.Where(r => r.OrderId == order.Id).Select(r => r.Status).SingleAsync()));
        client.Dispose();
    }

    [Fact]
    public async Task Pick_WhenStockIsShort_BuysFromTheContractorAndReservesAfterTheDelivery()
    {
        var (client, order, sku) = await flow.OrderAsync(stock: 1);

        await flow.AssembleAsync(order.Id);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.Matching);

        var purchase = await flow.WithAsync<WarehouseDbContext, PurchaseOrder>(db => db.PurchaseOrders.SingleAsync(p => p.Sku == sku));
        Assert.Equal((1, PurchaseOrderStatus.Delivered), (purchase.Quantity, purchase.Status));
        Assert.Equal(0, await flow.OnHandAsync(sku));
        Assert.Equal(2, await flow.WithAsync<WarehouseDbContext, int>(db => db.Reservations.Where(r => r.OrderId == order.Id && r.Status == ReservationStatus.Reserved).SumAsync(r => r.Quantity)));
        Assert.Equal(PickStage.Assembled, await flow.PickStageAsync(order.Id));
        client.Dispose();
    }

    [Fact]
    public async Task Cancel_BeforeCheckIn_IsFinalAndReleasesTheStockAndTheWorker_AndARepeatGetsTheSameAnswer()
    {
        var (client, order, sku) = await flow.OrderAsync();
        using var worker = await flow.JoinPoolAsync(sku);
        await flow.AssembleAsync(order.Id);
        await flow.AcceptAsync(order.Id, worker);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingHandOver);
        Assert.Equal(8, await flow.OnHandAsync(sku));

        using var response = await client.Http.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { reason = "plans changed" });
        var cancelled = (await response.Content.ReadFromJsonAsync<CancelOrderResponse>())!;
        using var again = await client.Http.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { reason = "twice" });
        var repeated = (await again.Content.ReadFromJsonAsync<CancelOrderResponse>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["stock-reservation-released", "worker-freed"], cancelled.Compensations);
        Assert.Equal(10, await flow.OnHandAsync(sku));
        Assert.Equal(ReservationStatus.Released, await flow.WithAsync<WarehouseDbContext, ReservationStatus>(db => db.Reservations.Where(r => r.OrderId == order.Id).Select(r => r.Status).SingleAsync()));
        Assert.Equal(PickStage.Released, await flow.PickStageAsync(order.Id));
        Assert.NotNull(await flow.WithAsync<OrderingDbContext, DateTimeOffset?>(db => db.WorkerBookings.Where(b => b.OrderId == order.Id).Select(b => b.ReleasedAt).SingleAsync()));
        var detail = await flow.WaitForStatusAsync(order.Id, OrderStatus.Cancelled);
        Assert.Equal(OrderingEvents.OrderCancelled, detail.Timeline[^1].Type);
        // The repeat (a client that lost the answer) meets the closed workflow and gets the first answer (failed before: 409).
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(cancelled.CancelledAt, repeated.CancelledAt);
        Assert.Equal(cancelled.Compensations, repeated.Compensations);
        Assert.Single(detail.Timeline, entry => entry.Type == OrderingEvents.OrderCancelled);
        client.Dispose();
    }

    [Fact]
    public async Task Cancel_AfterCheckIn_Answers409WithTheReasonAndChangesNothing()
    {
        var (client, order, sku) = await flow.OrderAsync();
        using var worker = await flow.JoinPoolAsync(sku);
        await flow.BringToCheckInAsync(order.Id, worker);
        using var checkIn = await OrderFlow.CheckInAsync(worker, order.Id);
        Assert.Equal(HttpStatusCode.OK, checkIn.StatusCode);

        using var response = await client.Http.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { });
        var problem = await DefinitionApi.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("checked in", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(OrderStatus.AwaitingPhotoReport, (await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingPhotoReport)).Order.Status);
        Assert.Null(await flow.WithAsync<OrderingDbContext, DateTimeOffset?>(db => db.WorkerBookings.Where(b => b.OrderId == order.Id).Select(b => b.ReleasedAt).SingleAsync()));
        client.Dispose();
    }

    [Fact]
    public async Task CheckIn_TooFarFromTheAddress_Answers422WithTheDistanceAndRecordsNothing()
    {
        var (client, order, sku) = await flow.OrderAsync();
        using var worker = await flow.JoinPoolAsync(sku);
        using var stranger = await flow.SignInAsync(PlatformRoles.Worker);
        await flow.BringToCheckInAsync(order.Id, worker);

        using var far = await OrderFlow.CheckInAsync(worker, order.Id, OrderFlow.Latitude + 0.009, OrderFlow.Longitude);
        using var notTheirs = await OrderFlow.CheckInAsync(stranger, order.Id);
        var problem = await DefinitionApi.ProblemAsync(far);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, far.StatusCode);
        Assert.InRange(problem.GetProperty("distanceMeters").GetDouble(), 990, 1010);
        Assert.Equal(200, problem.GetProperty("radiusMeters").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        Assert.Equal(0, await flow.WithAsync<ExecutionDbContext, int>(db => db.CheckIns.CountAsync(c => c.OrderId == order.Id)));
        Assert.Equal(OrderStatus.AwaitingCheckIn, (await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingCheckIn)).Order.Status);
        client.Dispose();
    }

    [Fact]
    public async Task PhotoReport_WithAFileThatIsNotAnImage_Answers400NamingItAndStoresNothing()
    {
        var (client, order, sku) = await flow.OrderAsync();
        using var worker = await flow.JoinPoolAsync(sku);
        await flow.BringToCheckInAsync(order.Id, worker);
        using var checkIn = await OrderFlow.CheckInAsync(worker, order.Id);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingPhotoReport);

        using var renamed = await OrderFlow.SendPhotosAsync(worker, order.Id, ("one.png", OrderFlow.Png), ("cookies.jpg", "not a picture at all"u8.ToArray()));
        using var tooFew = await OrderFlow.SendPhotosAsync(worker, order.Id, ("one.png", OrderFlow.Png));
        var problem = await DefinitionApi.ProblemAsync(renamed);

        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("photos[1]", out _), problem.ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooFew.StatusCode);
        Assert.Equal(0, await flow.WithAsync<ExecutionDbContext, int>(db => db.PhotoReports.CountAsync(r => r.OrderId == order.Id)));
        Assert.Equal(OrderStatus.AwaitingPhotoReport, (await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingPhotoReport)).Order.Status);
        client.Dispose();
    }

    [Fact]
    public async Task Order_WhenTheServiceTypeIsRepublishedMidOrder_KeepsItsVersionsFlow()
    {
        var sku = OrderFlow.UniqueSku();
        await flow.StockAsync(sku, 10);
        var tree = OrderFlow.Tree(sku, samplingPercent: 0);
        var code = await flow.PublishAsync(tree);
        using var client = await flow.SignInAsync(PlatformRoles.Client);
        var order = await OrderFlow.PlaceAsync(client.Http, (await OrderFlow.QuoteAsync(client.Http, code)).Id);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.Picking);

        // Version 2 drops the warehouse steps and widens the check-in radius to 5 km.
        using var manager = await flow.Host.CreateClientAsync(PlatformRoles.Manager);
        var api = DefinitionApi.ServiceTypes(flow.Host, manager);
        var sequence = tree["sequence"]!.AsArray();
        sequence.RemoveAt(2);
        sequence.RemoveAt(0);
        ServiceTypeTrees.Step(tree, "properties")["supplies"] = new System.Text.Json.Nodes.JsonArray();
        sequence[1]!["properties"]!["radiusMeters"] = 5000;
        using var edited = await api.UpdateAsync(code, 1, tree);
        Assert.Equal(2, (await api.PublishedAsync(code, 2)).Version);

        using var worker = await flow.JoinPoolAsync(sku);
        await flow.BringToCheckInAsync(order.Id, worker);
        using var atOneKilometre = await OrderFlow.CheckInAsync(worker, order.Id, OrderFlow.Latitude + 0.009, OrderFlow.Longitude);
        var detail = await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingCheckIn);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, atOneKilometre.StatusCode);
        Assert.Equal((1, "arrive"), (detail.Order.ServiceTypeVersion, detail.Order.CurrentStep));
        Assert.Contains(detail.Timeline, entry => entry.Type == WarehouseEvents.OrderIssued);
    }

    [Fact]
    public async Task QualityReview_Failed_OpensAnIncidentAndRunsTheFailBranch()
    {
        var (client, order, sku) = await flow.OrderAsync(samplingPercent: 100);
        using var worker = await flow.JoinPoolAsync(sku);
        await flow.BringToCheckInAsync(order.Id, worker);
        await flow.CheckInAndReportAsync(order.Id, worker);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.QualityReview);
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);

        using var verdict = await OrderFlow.RecordVerdictAsync(manager, order.Id, passed: false);
        var waiting = await flow.WaitForAsync(order.Id, o => o.CurrentStep == "cool-down", "the fail branch's wait");
        using (flow.Host.Temporal.AutoSkipTime())
        {
            await flow.WaitForStatusAsync(order.Id, OrderStatus.Completed);
        }

        Assert.Equal(HttpStatusCode.NoContent, verdict.StatusCode);
        Assert.Equal(OrderStatus.Waiting, waiting.Order.Status);
        var incident = await WaitForIncidentAsync(order.Id);
        Assert.Equal(client.Id, incident.ClientId);
        Assert.Equal(QualityReviewStatus.Failed, await flow.WithAsync<ManagementDbContext, QualityReviewStatus>(db => db.QualityReviews.Where(r => r.OrderId == order.Id).Select(r => r.Status).SingleAsync()));
        Assert.Equal(1, await flow.WithAsync<ManagementDbContext, int>(db => db.Events.CountAsync(e => e.StreamId == OrderingEvents.StreamId(order.Id) && e.Type == ManagementEvents.QualityChecked)));
        // The order's invoice writes to the client under the same reference (dunning: this client has no card).
        var notice = await flow.WithAsync<OnboardingDbContext, Activities.Platform.Notifications.RecordedNotification>(
            db => db.Notifications.SingleAsync(n => n.Reference == OrderingEvents.StreamId(order.Id) && n.Subject.Contains("quality")));
        Assert.Equal(client.Id, notice.Recipient);
        client.Dispose();
    }

    [Fact]
    public async Task QualityReview_Verdicts_RateTheAssignedWorkersInThePool()
    {
        var (passedWorker, passedOrder) = await ReviewedAsync(passed: true);
        var (failedWorker, failedOrder) = await ReviewedAsync(passed: false);

        // docs/onboarding.md: one review from unrated gives 5 × (1 + 1.6) / 3 or 5 × 1.6 / 3.
        Assert.Equal(4.3m, await RatingAsync(passedWorker.Id));
        Assert.Equal(2.7m, await RatingAsync(failedWorker.Id));
        var reviews = await flow.WithAsync<OnboardingDbContext, List<RecordedWorkerReview>>(
            db => db.WorkerReviews.Where(r => r.OrderId == passedOrder || r.OrderId == failedOrder).OrderByDescending(r => r.Passed).ToListAsync());
        Assert.Equal(
            [(passedOrder, Guid.Parse(passedWorker.Id), true), (failedOrder, Guid.Parse(failedWorker.Id), false)],
            reviews.Select(r => (r.OrderId, r.WorkerId, r.Passed)));
        passedWorker.Dispose();
        failedWorker.Dispose();
    }

    [Fact]
    public async Task ReadModel_ShowsEachRoleOnlyWhatItMaySee()
    {
        var (client, order, sku) = await flow.OrderAsync();
        using var otherClient = await flow.SignInAsync(PlatformRoles.Client);
        using var worker = await flow.JoinPoolAsync(sku);
        using var otherWorker = await flow.SignInAsync(PlatformRoles.Worker);
        using var warehouse = await flow.SignInAsync(PlatformRoles.Warehouse);
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        await flow.AssembleAsync(order.Id);
        await flow.AcceptAsync(order.Id, worker);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingHandOver);

        Assert.Equal([order.Id], await IdsAsync(client, "/api/orders"));
        Assert.Empty(await IdsAsync(otherClient, "/api/orders"));
        Assert.Equal([order.Id], await IdsAsync(worker, "/api/orders"));
        Assert.Empty(await IdsAsync(otherWorker, "/api/orders"));
        Assert.Contains(order.Id, await IdsAsync(manager, $"/api/orders?status=AwaitingHandOver&clientId={client.Id}"));
        foreach (var party in new[] { client, worker, manager })
        {
            Assert.Equal(HttpStatusCode.OK, (await party.Http.GetAsync($"/api/orders/{order.Id}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.Http.GetAsync($"/api/orders/{order.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherWorker.Http.GetAsync($"/api/orders/{order.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await warehouse.Http.GetAsync("/api/orders")).StatusCode);
        var picks = await warehouse.Http.GetFromJsonAsync<List<JsonElement>>("/api/warehouse/picks");
        Assert.Contains(picks!, pick => pick.GetProperty("orderId").GetGuid() == order.Id && pick.GetProperty("workerId").GetString() == worker.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.Http.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { })).StatusCode);
        client.Dispose();
    }

    /// <summary>A sampled order done by a fresh, unrated pool worker, judged by a manager through the API.</summary>
    private async Task<(Party Worker, Guid OrderId)> ReviewedAsync(bool passed)
    {
        var (client, order, sku) = await flow.OrderAsync(samplingPercent: 100);
        var worker = await flow.JoinPoolAsync(sku);
        await flow.BringToCheckInAsync(order.Id, worker);
        await flow.CheckInAndReportAsync(order.Id, worker);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.QualityReview);
        Assert.Null(await RatingAsync(worker.Id));
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);

        using var verdict = await OrderFlow.RecordVerdictAsync(manager, order.Id, passed);

        Assert.Equal(HttpStatusCode.NoContent, verdict.StatusCode);
        // The rating follows the answer in the flow, written with the review row.
        await Eventually.GetAsync(() => flow.WithAsync<OnboardingDbContext, RecordedWorkerReview?>(db => db.WorkerReviews.SingleOrDefaultAsync(r => r.OrderId == order.Id)));
        client.Dispose();
        return (worker, order.Id);
    }

    private Task<decimal?> RatingAsync(string workerId) =>
        flow.WithAsync<OnboardingDbContext, decimal?>(db => db.WorkerPool.Where(member => member.AccountId == Guid.Parse(workerId)).Select(member => member.Rating).SingleAsync());

    private static async Task<List<Guid>> IdsAsync(Party party, string url) =>
        [.. (await party.Http.GetFromJsonAsync<List<OrderResponse>>(url))!.Select(order => order.Id)];

    /// <summary>The incident is handed over asynchronously: the order goes on without waiting for it.</summary>
    private async Task<QualityIncidentRecord> WaitForIncidentAsync(Guid orderId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await flow.WithAsync<ManagementDbContext, QualityIncidentRecord?>(db => db.QualityIncidents.SingleOrDefaultAsync(i => i.OrderId == orderId)) is { } incident)
            {
                return incident;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "No incident was opened.");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// The placement as the endpoint runs it for a new order, in its own scope (its own connection): finds the quote
    /// with no order yet and stores the order at <paramref name="start"/> once <paramref name="beforeStoring"/> lets it.
    /// </summary>
    private async Task<Placement> PlaceDirectlyAsync(string clientId, Guid quoteId, OrderStart start, Func<Task> beforeStoring)
    {
        await using var scope = flow.Host.Services.CreateAsyncScope();
        var placement = scope.ServiceProvider.GetRequiredService<OrderPlacement>();
        var found = await placement.FindAsync(clientId, quoteId, CancellationToken.None);
        Assert.Null(found!.Order);
        await beforeStoring();
        return await placement.StoreAsync(clientId, found.Quote, start, DateTimeOffset.UtcNow, CancellationToken.None);
    }

    private Task<(Order Order, List<RecordedEvent> Events)> StoredWithEventsAsync(Guid orderId) =>
        flow.WithAsync<OrderingDbContext, (Order, List<RecordedEvent>)>(async db => (
            await db.Orders.AsNoTracking().SingleAsync(order => order.Id == orderId),
            await db.Events.AsNoTracking().Where(recorded => recorded.StreamId == OrderingEvents.StreamId(orderId)).ToListAsync()));
}
