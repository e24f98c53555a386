using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Workflows.Ordering;

namespace HelperPlatform.OrdersBenchmark;

/// <summary>
/// Drives one order from quote to completion through the HTTP API as the client's, the worker's and the
/// manager's apps would (warehouse staff and offers are <see cref="StaffAgents"/>): the client quotes and
/// orders; once the order is at the step, the assigned worker checks in on the spot and sends two photos and a
/// manager passes a sampled review. Waiting is a read of the order that the platform answers when the order gets
/// there (<c>waitForStatus</c>), timed from the order's change (see <see cref="UntilAsync"/>). An answer that already
/// says where the order is (the check-in's) is not followed by a wait.
/// </summary>
internal sealed class OrderDriver(ApiTimings timings, Person manager, IReadOnlyDictionary<string, Person> workers)
{
    private const int WaitSeconds = 20;
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(2);

    /// <summary>A 1×1 PNG.</summary>
    private static readonly byte[] Photo = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <returns>The completed order's id.</returns>
    public async Task<Guid> RunAsync(Person client, string serviceType, string city, DateTimeOffset windowStart)
    {
        var quoteId = await QuoteAsync(client, serviceType, city, windowStart);
        var orderId = await PlaceAsync(client, quoteId);
        var order = await UntilAsync(client, orderId, OrderStatus.AwaitingCheckIn);
        var worker = workers[order.WorkerId!];
        await ExpectAsync(
            "POST /api/orders/{id}/check-in",
            () => worker.Http.PostAsJsonAsync($"/api/orders/{orderId}/check-in", new { latitude = BenchmarkPlatform.Latitude, longitude = BenchmarkPlatform.Longitude }),
            HttpStatusCode.OK);
        // The check-in's answer comes once the order records it with the photo report step's start, so the worker's app
        // goes straight on to the photos.
        await ExpectAsync("POST /api/orders/{id}/photo-report", () => SendPhotosAsync(worker, orderId), HttpStatusCode.OK);
        if (QualitySampling.IsSampled(orderId, ServiceTypeTree.SamplingPercent))
        {
            await UntilAsync(client, orderId, OrderStatus.QualityReview);
            await ExpectAsync(
                "POST /api/quality-reviews/{id}/verdict",
                () => manager.Http.PostAsJsonAsync($"/api/quality-reviews/{orderId}/verdict", new { passed = true }),
                HttpStatusCode.NoContent);
        }

        await UntilAsync(client, orderId, OrderStatus.Completed);
        return orderId;
    }

    private async Task<Guid> QuoteAsync(Person client, string serviceType, string city, DateTimeOffset windowStart)
    {
        using var response = await timings.TimeAsync("POST /api/quotes", () => client.Http.PostAsJsonAsync("/api/quotes", new
        {
            serviceType,
            address = "Friedrichstraße 43, 10117 Berlin",
            city,
            latitude = BenchmarkPlatform.Latitude,
            longitude = BenchmarkPlatform.Longitude,
            windowStart = Iso(windowStart),
            windowEnd = Iso(windowStart.AddMinutes(30)),
        }));
        return await IdAsync(response, HttpStatusCode.Created, "quote");
    }

    private async Task<Guid> PlaceAsync(Person client, Guid quoteId)
    {
        using var response = await timings.TimeAsync("POST /api/orders", () => client.Http.PostAsJsonAsync("/api/orders", new { quoteId }));
        return await IdAsync(response, HttpStatusCode.Created, "order");
    }

    private async Task ExpectAsync(string kind, Func<Task<HttpResponseMessage>> request, HttpStatusCode wanted)
    {
        using var response = await timings.TimeAsync(kind, request);
        if (response.StatusCode != wanted)
        {
            throw new InvalidOperationException($"{kind} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Waits for the client's view of the order to show <paramref name="status"/>, as the app would: a read that the
    /// platform answers once the order gets there (or is closed), asked again if it answers before; returns the order.
    /// Its latency is how late the app learns: from the later of the question and the order's change to the answer,
    /// not the time the order took to get there. A read answered before the order got there counts its whole duration.
    /// </summary>
    private async Task<OrderView> UntilAsync(Person client, Guid orderId, OrderStatus status)
    {
        var deadline = DateTimeOffset.UtcNow + StepLimit;
        while (true)
        {
            var asked = DateTimeOffset.UtcNow;
            using var response = await client.Http.GetAsync($"/api/orders/{orderId}?waitForStatus={status}&waitSeconds={WaitSeconds}");
            var answered = DateTimeOffset.UtcNow;
            response.EnsureSuccessStatusCode();
            var order = (await response.Content.ReadFromJsonAsync<OrderDetailView>())!.Order;
            if (order.Status == status)
            {
                timings.Record("GET /api/orders/{id}?waitForStatus", answered - (order.UpdatedAt > asked ? order.UpdatedAt : asked));
                return order;
            }

            timings.Record("GET /api/orders/{id}?waitForStatus (not there)", answered - asked);
            if (order.Status is OrderStatus.Completed or OrderStatus.Cancelled || DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Order {orderId} never reached {status}; it is {order.Status}.");
            }
        }
    }

    private static async Task<HttpResponseMessage> SendPhotosAsync(Person worker, Guid orderId)
    {
        using var form = new MultipartFormDataContent();
        foreach (var name in new[] { "one.png", "two.png" })
        {
            var part = new ByteArrayContent(Photo);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, "photos", name);
        }

        return await worker.Http.PostAsync($"/api/orders/{orderId}/photo-report", form);
    }

    private static async Task<Guid> IdAsync(HttpResponseMessage response, HttpStatusCode wanted, string what)
    {
        if (response.StatusCode != wanted)
        {
            throw new InvalidOperationException($"The {what} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
    }

    private static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ssZ", CultureInfo.InvariantCulture);
}

/// <summary>What a driver reads of an order; the timeline and the rest of the answer are skipped, not built.</summary>
internal sealed record OrderView(OrderStatus Status, string? WorkerId, DateTimeOffset UpdatedAt);

internal sealed record OrderDetailView(OrderView Order);
