using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Onboarding.WorkerPool;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Activities.Warehouse;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Management;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Ordering;

/// <summary>A signed-in person and their account id.</summary>
internal sealed record Party(HttpClient Http, string Id) : IDisposable
{
    public void Dispose() => Http.Dispose();
}

/// <summary>
/// Drives orders through the real HTTP API the way the apps would: managers publish, clients quote and order,
/// warehouse staff confirm, workers check in and report. Waits poll the read model; no test sleeps for a timer.
/// </summary>
internal sealed class OrderFlow(PlatformHost host)
{
    /// <summary>The address of every test order: Friedrichstraße 43, Berlin.</summary>
    public const double Latitude = 52.5067;
    public const double Longitude = 13.3903;
    public const string City = "Berlin";

    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    public PlatformHost Host => host;

    /// <summary>
    /// The documented service type with its own SKU and skill (so tests never share stock or workers);
    /// <paramref name="samplingPercent"/> 0 drops the quality review, 100 reviews every order.
    /// </summary>
    public static JsonObject Tree(string sku, int samplingPercent)
    {
        var tree = ServiceTypeTrees.Valid();
        var properties = ServiceTypeTrees.Step(tree, "properties");
        properties["supplies"] = new JsonArray(new JsonObject { ["sku"] = sku, ["quantity"] = 2 });
        properties["skill"] = SkillFor(sku);
        properties["qualitySamplingPercent"] = samplingPercent;
        if (samplingPercent == 0)
        {
            tree["sequence"]!.AsArray().RemoveAt(5);
        }

        return tree;
    }

    public static string UniqueSku() => $"COOKIE-{Guid.NewGuid():N}".ToUpperInvariant();

    /// <summary>The skill the service type of <see cref="Tree"/> needs: only workers who joined the pool for this SKU qualify.</summary>
    public static string SkillFor(string sku) => sku.ToLowerInvariant();

    /// <summary>
    /// A worker account in the pool of Berlin with the skill of <paramref name="sku"/>'s service type, as onboarding
    /// leaves it, at the given position (none by default) and rating.
    /// </summary>
    public async Task<Party> JoinPoolAsync(string sku, double? latitude = null, double? longitude = null, decimal? rating = null, string city = City)
    {
        var worker = await SignInAsync(PlatformRoles.Worker);
        await WithAsync<OnboardingDbContext, int>(db =>
        {
            db.WorkerPool.Add(new WorkerPoolMember
            {
                AccountId = Guid.Parse(worker.Id),
                ApplicationId = Guid.NewGuid(),
                DisplayName = "Test Worker",
                City = city,
                Skills = [SkillFor(sku)],
                AddedAt = DateTimeOffset.UtcNow,
                Latitude = latitude,
                Longitude = longitude,
                Rating = rating,
            });
            return db.SaveChangesAsync();
        });
        return worker;
    }

    /// <summary>The pool worker also qualifies for the service type of <paramref name="sku"/>.</summary>
    public Task AddSkillAsync(Party worker, string sku) =>
        WithAsync<OnboardingDbContext, int>(db => db.Database.ExecuteSqlAsync(
            $"UPDATE onboarding.worker_pool SET skills = array_append(skills, {SkillFor(sku)}) WHERE account_id = {Guid.Parse(worker.Id)}"));

    /// <summary>Polls the worker's own open offers until one for the order comes.</summary>
    public static async Task<OfferResponse> OfferForAsync(Party worker, Guid orderId)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            var offers = (await worker.Http.GetFromJsonAsync<List<OfferResponse>>($"/api/offers?status=Open&orderId={orderId}"))!;
            if (offers.Count > 0)
            {
                return Assert.Single(offers);
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Worker {worker.Id} was never offered order {orderId}.");
            await Task.Delay(50);
        }
    }

    public static Task<HttpResponseMessage> AnswerAsync(Party worker, Guid offerId, bool accept) =>
        worker.Http.PostAsync($"/api/offers/{offerId}/{(accept ? "accept" : "decline")}", null);

    /// <summary>The worker waits for the order's offer and accepts it, as the worker app would.</summary>
    public async Task AcceptAsync(Guid orderId, Party worker)
    {
        var offer = await OfferForAsync(worker, orderId);
        using var response = await AnswerAsync(worker, offer.Id, accept: true);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await WaitForAsync(orderId, order => order.WorkerId == worker.Id, "worker assigned");
    }

    public async Task<string> PublishAsync(JsonObject tree)
    {
        using var manager = await host.CreateClientAsync(PlatformRoles.Manager);
        var api = DefinitionApi.ServiceTypes(host, manager);
        var code = TestSetTrees.UniqueCode("office-cookies");
        await api.PublishedAsync(code, (await api.CreateAsync(code, tree)).Revision);
        return code;
    }

    public async Task<Party> SignInAsync(string role)
    {
        var http = await host.CreateClientAsync(role);
        var me = await http.GetFromJsonAsync<JsonObject>("/api/auth/me");
        return new Party(http, me!["id"]!.GetValue<string>());
    }

    public static async Task<QuoteResponse> QuoteAsync(HttpClient client, string code)
    {
        var start = DateTimeOffset.UtcNow.AddDays(3);
        using var response = await client.PostAsJsonAsync("/api/quotes", new
        {
            serviceType = code,
            address = "Friedrichstraße 43, 10117 Berlin",
            city = City,
            latitude = Latitude,
            longitude = Longitude,
            windowStart = start.ToString("yyyy-MM-dd'T'HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            windowEnd = start.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<QuoteResponse>())!;
    }

    public static async Task<OrderResponse> PlaceAsync(HttpClient client, Guid quoteId)
    {
        using var response = await client.PostAsJsonAsync("/api/orders", new { quoteId });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OrderResponse>())!;
    }

    /// <summary>A client's order of a freshly published service type, with its stock on the shelf.</summary>
    public async Task<(Party Client, OrderResponse Order, string Sku)> OrderAsync(int samplingPercent = 0, int stock = 10)
    {
        var sku = UniqueSku();
        await StockAsync(sku, stock);
        var code = await PublishAsync(Tree(sku, samplingPercent));
        var client = await SignInAsync(PlatformRoles.Client);
        var quote = await QuoteAsync(client.Http, code);
        return (client, await PlaceAsync(client.Http, quote.Id), sku);
    }

    /// <summary>Polls the read model (as ops) until the order satisfies <paramref name="until"/>.</summary>
    public async Task<OrderDetailResponse> WaitForAsync(Guid orderId, Func<OrderResponse, bool> until, string what)
    {
        using var ops = await host.CreateClientAsync(PlatformRoles.Ops);
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            var detail = (await ops.GetFromJsonAsync<OrderDetailResponse>($"/api/orders/{orderId}"))!;
            if (until(detail.Order))
            {
                return detail;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Order {orderId} never reached '{what}'; it is {detail.Order.Status} at {detail.Order.CurrentStep}.");
            await Task.Delay(50);
        }
    }

    public Task<OrderDetailResponse> WaitForStatusAsync(Guid orderId, OrderStatus status) =>
        WaitForAsync(orderId, order => order.Status == status, status.ToString());

    /// <summary>Waits for the pick to be ready, then confirms it assembled as warehouse staff.</summary>
    public async Task AssembleAsync(Guid orderId)
    {
        using var warehouse = await host.CreateClientAsync(PlatformRoles.Warehouse);
        await WaitForPickStageAsync(orderId, Workflows.Warehouse.PickStage.ReadyToAssemble);
        using var response = await warehouse.PostAsync($"/api/warehouse/picks/{orderId}/assembled", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A manager assigns by hand once matching has escalated.</summary>
    public async Task AssignAsync(Guid orderId, string workerId)
    {
        await WaitForStatusAsync(orderId, OrderStatus.Escalated);
        using var manager = await host.CreateClientAsync(PlatformRoles.Manager);
        using var response = await manager.PostAsJsonAsync($"/api/orders/{orderId}/assignment", new { workerId });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    public async Task IssueAsync(Guid orderId)
    {
        await WaitForStatusAsync(orderId, OrderStatus.AwaitingHandOver);
        using var warehouse = await host.CreateClientAsync(PlatformRoles.Warehouse);
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            using var response = await warehouse.PostAsync($"/api/warehouse/picks/{orderId}/issued", null);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            // The hand-over workflow starts just after the order shows the step; until then the pick's stage is earlier.
            Assert.True(response.StatusCode == HttpStatusCode.Conflict && DateTimeOffset.UtcNow < deadline, await response.Content.ReadAsStringAsync());
            await Task.Delay(50);
        }
    }

    /// <summary>Picks, assembles, lets <paramref name="worker"/> (in the pool) accept the offer and issues the kit: the order waits for check-in.</summary>
    public async Task BringToCheckInAsync(Guid orderId, Party worker)
    {
        await AssembleAsync(orderId);
        await AcceptAsync(orderId, worker);
        await IssueAsync(orderId);
        await WaitForStatusAsync(orderId, OrderStatus.AwaitingCheckIn);
    }

    public static Task<HttpResponseMessage> CheckInAsync(Party worker, Guid orderId, double latitude = Latitude, double longitude = Longitude) =>
        worker.Http.PostAsJsonAsync($"/api/orders/{orderId}/check-in", new { latitude, longitude });

    public static Task<HttpResponseMessage> SendPhotosAsync(Party worker, Guid orderId, params (string FileName, byte[] Content)[] files) =>
        SendPhotosAsync(worker, orderId, reportId: null, files);

    /// <summary>The photos as the app sends them, under its <paramref name="reportId"/> when given (sent again with every retry).</summary>
    public static async Task<HttpResponseMessage> SendPhotosAsync(Party worker, Guid orderId, Guid? reportId, params (string FileName, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        if (reportId is { } id)
        {
            form.Add(new StringContent(id.ToString()), "reportId");
        }

        foreach (var (fileName, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "photos", fileName);
        }

        return await worker.Http.PostAsync($"/api/orders/{orderId}/photo-report", form);
    }

    /// <summary>The assigned worker checks in at the address and sends two photos: the order moves past the photo report.</summary>
    public async Task CheckInAndReportAsync(Guid orderId, Party worker)
    {
        using var checkIn = await CheckInAsync(worker, orderId);
        Assert.True(checkIn.StatusCode == HttpStatusCode.OK, await checkIn.Content.ReadAsStringAsync());
        await WaitForStatusAsync(orderId, OrderStatus.AwaitingPhotoReport);
        using var photos = await SendPhotosAsync(worker, orderId, ("one.png", Png), ("two.png", Png));
        Assert.True(photos.StatusCode == HttpStatusCode.OK, await photos.Content.ReadAsStringAsync());
    }

    /// <summary>A manager passes or fails a sampled order's quality review.</summary>
    public static Task<HttpResponseMessage> RecordVerdictAsync(Party manager, Guid orderId, bool passed) =>
        manager.Http.PostAsJsonAsync($"/api/quality-reviews/{orderId}/verdict", new { passed, note = passed ? null : "crumbs everywhere" });

    public async Task StockAsync(string sku, int onHand) =>
        await WithWarehouseAsync(db => db.Database.ExecuteSqlAsync(
            $"INSERT INTO warehouse.stock_items (sku, on_hand) VALUES ({sku}, {onHand}) ON CONFLICT (sku) DO UPDATE SET on_hand = EXCLUDED.on_hand"));

    public Task<int> OnHandAsync(string sku) =>
        WithWarehouseAsync(db => db.Stock.Where(item => item.Sku == sku).Select(item => item.OnHand).SingleAsync());

    /// <summary>Polls the warehouse's record of the order's pick until it reaches <paramref name="stage"/>.</summary>
    public async Task WaitForPickStageAsync(Guid orderId, Workflows.Warehouse.PickStage stage)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (await PickStageAsync(orderId) != stage)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The pick of {orderId} never reached {stage}.");
            await Task.Delay(50);
        }
    }

    public Task<Workflows.Warehouse.PickStage?> PickStageAsync(Guid orderId) =>
        WithWarehouseAsync(db => db.Picks.Where(pick => pick.OrderId == orderId).Select(pick => (Workflows.Warehouse.PickStage?)pick.Stage).SingleOrDefaultAsync());

    /// <summary>What a placement answered 503 leaves behind: the order stored at <paramref name="start"/>, no workflow.</summary>
    public async Task<Order> StoreWithoutStartingAsync(string clientId, Guid quoteId, OrderStart start)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var placement = scope.ServiceProvider.GetRequiredService<OrderPlacement>();
        var found = await placement.FindAsync(clientId, quoteId, CancellationToken.None);
        return (await placement.StoreAsync(clientId, found!.Quote, start, DateTimeOffset.UtcNow, CancellationToken.None)).Order;
    }

    public async Task<T> WithAsync<TDbContext, T>(Func<TDbContext, Task<T>> read)
        where TDbContext : notnull
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<TDbContext>());
    }

    private Task<T> WithWarehouseAsync<T>(Func<WarehouseDbContext, Task<T>> read) => WithAsync(read);
}
