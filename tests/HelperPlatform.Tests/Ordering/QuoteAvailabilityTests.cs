using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Ordering;

/// <summary>Quoting while Management or Temporal does not answer fails cleanly with a 503 and stores nothing.</summary>
public sealed class QuoteAvailabilityTests
{
    [Fact]
    public async Task Create_WhileNoManagementWorkerAnswers_Answers503AndStoresNothing()
    {
        await using var host = await PlatformHost.StartAsync("Platform:Contexts=Ordering");
        using var client = await host.CreateClientAsync(PlatformRoles.Client);

        var quoting = client.PostAsJsonAsync("/api/quotes", QuoteBody("office-cookies"));
        // The lookup's activity waits on the Management queue, which nobody polls, until its budget runs out on the
        // server's clock; skip that clock on until the answer comes (a skip before the activity exists moves nothing).
        for (var skips = 0; !quoting.IsCompleted && skips < 50; skips++)
        {
            await host.Temporal.SkipTimeAsync(TimeSpan.FromSeconds(5));
            await Task.WhenAny(quoting, Task.Delay(100));
        }

        using var response = await quoting;
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Management is unavailable.", problem.GetProperty("title").GetString());
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        await using var scope = host.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Quotes.CountAsync());
    }

    /// <summary>
    /// The Temporal client retries an unreachable server for about 10 s (and the lookup's budget was 20 s); a quote
    /// that must ask Management gives up on the first refused start, so it answers well within that.
    /// </summary>
    [Fact]
    public async Task Create_WithTemporalStopped_Answers503WithRetryAfterWithinSeconds()
    {
        await using var host = await PlatformHost.StartAsync();
        await host.WaitUntilReadyAsync();
        using var client = await host.CreateClientAsync(PlatformRoles.Client);
        await host.StopTemporalAsync();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/api/quotes", QuoteBody("never-looked-up"));
        watch.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"The 503 took {watch.Elapsed.TotalSeconds:0.0} s.");
    }

    private static object QuoteBody(string serviceType)
    {
        var start = DateTimeOffset.UtcNow.Date.AddDays(3).AddHours(10);
        return new
        {
            serviceType,
            address = "Friedrichstraße 43, 10117 Berlin",
            city = "Berlin",
            latitude = 52.5067,
            longitude = 13.3903,
            windowStart = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            windowEnd = start.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
    }
}
