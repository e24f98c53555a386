using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Ordering;

namespace HelperPlatform.Tests.Faults;

/// <summary>
/// Orders driven through the HTTP API as the apps would, through any fault: the client quotes, orders and waits;
/// warehouse staff assemble and hand over every kit the pick list shows; workers accept their offers, check in and
/// send two photos (under one report id for all attempts). Every request is sent again while the host cannot be reached or answers 503 (after its
/// Retry-After, at most a second); placing again with the same quote is how a client retries, and a repeated
/// confirmation is answered as the first. Each order must reach <see cref="OrderStatus.Completed"/> within the limit.
/// </summary>
internal sealed class FaultOrders(Answers answers, Person client, Person warehouse, Person manager, IReadOnlyList<Person> workers, string serviceType, TimeSpan limit)
{
    private static readonly TimeSpan AgentInterval = TimeSpan.FromMilliseconds(250);
    private readonly Dictionary<string, Person> workersById = workers.ToDictionary(worker => worker.Id, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> actions = new(StringComparer.Ordinal);
    private int placed;

    /// <summary>Orders whose placement was answered 201.</summary>
    public int Placed => Volatile.Read(ref placed);

    /// <summary>Quotes and places order <paramref name="index"/> (its window three hours after the previous one's); returns its id.</summary>
    public async Task<Guid> PlaceAsync(int index)
    {
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddDays(3).AddHours(3 * index);
        var quote = await RetryAsync("POST /api/quotes", HttpStatusCode.Created, () => client.Http.PostAsJsonAsync("/api/quotes", new
        {
            serviceType,
            address = "Friedrichstraße 43, 10117 Berlin",
            city = OrderFlow.City,
            latitude = OrderFlow.Latitude,
            longitude = OrderFlow.Longitude,
            windowStart = Iso(start),
            windowEnd = Iso(start.AddHours(2)),
        }));
        // A placement sent again after its answer was lost is answered 200 with the order the first one placed.
        var order = await RetryAsync("POST /api/orders", HttpStatusCode.Created, () => client.Http.PostAsJsonAsync("/api/orders", new { quoteId = Id(quote) }));
        Interlocked.Increment(ref placed);
        return Id(order);
    }

    /// <summary>Follows a placed order to its end: the assigned worker checks in and reports once the order is there.</summary>
    public async Task CompleteAsync(Guid orderId)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        var order = await UntilAsync(orderId, OrderStatus.AwaitingCheckIn, deadline);
        var worker = workersById[order["workerId"]!.GetValue<string>()];
        await ActUntilPastAsync(orderId, OrderStatus.AwaitingCheckIn, deadline, "POST /api/orders/{id}/check-in",
            () => worker.Http.PostAsJsonAsync($"/api/orders/{orderId}/check-in", new { latitude = OrderFlow.Latitude, longitude = OrderFlow.Longitude }));
        await UntilAsync(orderId, OrderStatus.AwaitingPhotoReport, deadline);
        // One report id for every attempt, as the app keeps it: a retry offers the upload an attempt cut short stored.
        var reportId = Guid.NewGuid();
        await ActUntilPastAsync(orderId, OrderStatus.AwaitingPhotoReport, deadline, "POST /api/orders/{id}/photo-report", () => SendPhotosAsync(worker, orderId, reportId));
        await UntilAsync(orderId, OrderStatus.Completed, deadline);
    }

    /// <summary>The assigned worker of an order waiting for its check-in tries once; the answer's status, or null when none came.</summary>
    public async Task<HttpResponseMessage?> CheckInOnceAsync(Guid orderId, string workerId)
    {
        var worker = workersById[workerId];
        return await answers.SendAsync("POST /api/orders/{id}/check-in",
            () => worker.Http.PostAsJsonAsync($"/api/orders/{orderId}/check-in", new { latitude = OrderFlow.Latitude, longitude = OrderFlow.Longitude }));
    }

    /// <summary>Warehouse staff and the offered workers, until <paramref name="stop"/>: each listed item is acted on, again on a later pass while it stays listed.</summary>
    public async Task RunStaffAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.WhenAll(ConfirmPicksAsync("ReadyToAssemble", "assembled"), ConfirmPicksAsync("ReadyForHandOver", "issued"), AcceptOffersAsync());
            await Task.Delay(AgentInterval, CancellationToken.None);
        }

        await Task.WhenAll(actions.Values);
    }

    private async Task ConfirmPicksAsync(string stage, string confirmation)
    {
        using var response = await answers.SendAsync("GET /api/warehouse/picks", () => warehouse.Http.GetAsync($"/api/warehouse/picks?stage={stage}"));
        if (response?.StatusCode != HttpStatusCode.OK)
        {
            return;
        }

        foreach (var pick in (await response.Content.ReadFromJsonAsync<JsonArray>())!)
        {
            var orderId = pick!["orderId"]!.GetValue<string>();
            Act($"{confirmation}/{orderId}", $"POST /api/warehouse/picks/{{id}}/{confirmation}", () => warehouse.Http.PostAsync($"/api/warehouse/picks/{orderId}/{confirmation}", null));
        }
    }

    private async Task AcceptOffersAsync()
    {
        using var response = await answers.SendAsync("GET /api/offers", () => manager.Http.GetAsync("/api/offers?status=Open&limit=200"));
        if (response?.StatusCode != HttpStatusCode.OK)
        {
            return;
        }

        foreach (var offer in (await response.Content.ReadFromJsonAsync<JsonArray>())!)
        {
            var offerId = offer!["id"]!.GetValue<string>();
            var worker = workersById[offer["workerId"]!.GetValue<string>()];
            Act($"offer/{offerId}", "POST /api/offers/{id}/accept", () => worker.Http.PostAsync($"/api/offers/{offerId}/accept", null));
        }
    }

    /// <summary>One attempt per item at a time; the next pass tries again if the list still shows it.</summary>
    private void Act(string item, string kind, Func<Task<HttpResponseMessage>> request)
    {
        if (actions.TryGetValue(item, out var running) && !running.IsCompleted)
        {
            return;
        }

        actions[item] = Task.Run(async () =>
        {
            using var response = await answers.SendAsync(kind, request);
        });
    }

    /// <summary>Sends the worker's action until it is answered 200, or the order has moved past <paramref name="status"/> (an earlier attempt took).</summary>
    private async Task ActUntilPastAsync(Guid orderId, OrderStatus status, DateTimeOffset deadline, string kind, Func<Task<HttpResponseMessage>> request)
    {
        while (true)
        {
            using var response = await answers.SendAsync(kind, request);
            if (response?.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            if (response is not null && response.StatusCode != HttpStatusCode.ServiceUnavailable && Progress(await ReadAsync(orderId, deadline)) > Progress(status))
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{kind} of order {orderId} never succeeded; last answer {response?.StatusCode.ToString() ?? Answers.NoAnswer}.");
            await Task.Delay(Answers.Pause(response));
        }
    }

    /// <summary>The client's wait for the order to reach <paramref name="status"/> or go past it (a read the platform answers when the order gets there).</summary>
    private async Task<JsonObject> UntilAsync(Guid orderId, OrderStatus status, DateTimeOffset deadline)
    {
        while (true)
        {
            using var response = await answers.SendAsync("GET /api/orders/{id}?waitForStatus", () => client.Http.GetAsync($"/api/orders/{orderId}?waitForStatus={status}&waitSeconds=5"));
            if (response?.StatusCode == HttpStatusCode.OK)
            {
                var order = (await response.Content.ReadFromJsonAsync<JsonObject>())!["order"]!.AsObject();
                var progress = Progress(order);
                Assert.DoesNotContain(Status(order), new[] { OrderStatus.Cancelled, OrderStatus.Failed });
                if (progress >= Progress(status))
                {
                    return order;
                }

                Assert.True(DateTimeOffset.UtcNow < deadline, $"Order {orderId} never reached {status}; it is {Status(order)} at {order["currentStep"]}.");
                continue;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Order {orderId} could not be read on the way to {status}; last answer {response?.StatusCode.ToString() ?? Answers.NoAnswer}.");
            await Task.Delay(Answers.Pause(response));
        }
    }

    private async Task<JsonObject> ReadAsync(Guid orderId, DateTimeOffset deadline)
    {
        while (true)
        {
            using var response = await answers.SendAsync("GET /api/orders/{id}", () => client.Http.GetAsync($"/api/orders/{orderId}"));
            if (response?.StatusCode == HttpStatusCode.OK)
            {
                return (await response.Content.ReadFromJsonAsync<JsonObject>())!["order"]!.AsObject();
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Order {orderId} could not be read; last answer {response?.StatusCode.ToString() ?? Answers.NoAnswer}.");
            await Task.Delay(Answers.Pause(response));
        }
    }

    /// <summary>Sends until answered <paramref name="wanted"/> (or 200, a repeat's answer); only no answer or a 503 is sent again.</summary>
    private async Task<JsonObject> RetryAsync(string kind, HttpStatusCode wanted, Func<Task<HttpResponseMessage>> request)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        while (true)
        {
            using var response = await answers.SendAsync(kind, request);
            if (response?.StatusCode == wanted || response?.StatusCode == HttpStatusCode.OK)
            {
                return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            }

            Assert.True(response is null || response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{kind} answered {response?.StatusCode}: {(response is null ? string.Empty : await response.Content.ReadAsStringAsync())}");
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{kind} was never answered {wanted}.");
            await Task.Delay(Answers.Pause(response));
        }
    }

    private static async Task<HttpResponseMessage> SendPhotosAsync(Person worker, Guid orderId, Guid reportId)
    {
        using var form = new MultipartFormDataContent { { new StringContent(reportId.ToString()), "reportId" } };
        foreach (var name in new[] { "one.png", "two.png" })
        {
            var part = new ByteArrayContent(OrderFlow.Png);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, "photos", name);
        }

        return await worker.Http.PostAsync($"/api/orders/{orderId}/photo-report", form);
    }

    private static OrderStatus Status(JsonObject order) => Enum.Parse<OrderStatus>(order["status"]!.GetValue<string>());

    /// <summary>How far along its path an order is; the statuses are declared in the order they come.</summary>
    private static int Progress(JsonObject order) => Progress(Status(order));

    private static int Progress(OrderStatus status) => (int)status;

    private static Guid Id(JsonObject answer) => Guid.Parse(answer["id"]!.GetValue<string>());

    private static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ssZ", CultureInfo.InvariantCulture);
}
