using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace HelperPlatform.OrdersBenchmark;

/// <summary>
/// The people who act on many orders at once, as their apps would: warehouse staff watch the pick list and
/// confirm every kit that is ready to assemble or to hand over; the worker app is told of new offers (here by
/// reading the open offers) and the offered worker accepts. Each item is acted on once, in parallel.
/// </summary>
internal sealed class StaffAgents(ApiTimings timings, Person warehouse, Person manager, IReadOnlyDictionary<string, Person> workers)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, Task> inFlight = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.WhenAll(
                ConfirmPicksAsync("ReadyToAssemble", "assembled"),
                ConfirmPicksAsync("ReadyForHandOver", "issued"),
                AcceptOffersAsync());
            await Task.Delay(Interval, CancellationToken.None);
        }

        await Task.WhenAll(inFlight.Values);
    }

    private async Task ConfirmPicksAsync(string stage, string confirmation)
    {
        using var response = await timings.TimeAsync($"GET /api/warehouse/picks?stage={stage}", () => warehouse.Http.GetAsync($"/api/warehouse/picks?stage={stage}"));
        response.EnsureSuccessStatusCode();
        foreach (var pick in (await response.Content.ReadFromJsonAsync<JsonArray>())!)
        {
            var orderId = pick!["orderId"]!.GetValue<string>();
            Start($"{confirmation}/{orderId}", $"POST /api/warehouse/picks/{{id}}/{confirmation}", () => warehouse.Http.PostAsync($"/api/warehouse/picks/{orderId}/{confirmation}", null));
        }
    }

    private async Task AcceptOffersAsync()
    {
        using var response = await timings.TimeAsync("GET /api/offers?status=Open", () => manager.Http.GetAsync("/api/offers?status=Open&limit=200"));
        response.EnsureSuccessStatusCode();
        foreach (var offer in (await response.Content.ReadFromJsonAsync<JsonArray>())!)
        {
            var offerId = offer!["id"]!.GetValue<string>();
            var worker = workers[offer["workerId"]!.GetValue<string>()];
            Start($"offer/{offerId}", "POST /api/offers/{id}/accept", () => worker.Http.PostAsync($"/api/offers/{offerId}/accept", null));
        }
    }

    /// <summary>Acts once per item; a 409 means the list was read before an earlier confirmation landed.</summary>
    private void Start(string item, string kind, Func<Task<HttpResponseMessage>> request)
    {
        inFlight.GetOrAdd(item, _ => Task.Run(async () =>
        {
            using var response = await timings.TimeAsync(kind, request);
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict)
            {
                await Console.Error.WriteLineAsync($"{kind} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }));
    }
}
