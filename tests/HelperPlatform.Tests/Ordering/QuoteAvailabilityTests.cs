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

/// <summary>An Ordering service whose Management worker does not answer: quoting fails cleanly and stores nothing.</summary>
public sealed class QuoteAvailabilityTests
{
    [Fact]
    public async Task Create_WhileNoManagementWorkerAnswers_Answers503AndStoresNothing()
    {
        await using var host = await PlatformHost.StartAsync("Platform:Contexts=Ordering");
        using var client = await host.CreateClientAsync(PlatformRoles.Client);
        var start = DateTimeOffset.UtcNow.Date.AddDays(3).AddHours(10);
        var body = new
        {
            serviceType = "office-cookies",
            address = "Friedrichstraße 43, 10117 Berlin",
            city = "Berlin",
            latitude = 52.5067,
            longitude = 13.3903,
            windowStart = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            windowEnd = start.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };

        var quoting = client.PostAsJsonAsync("/api/quotes", body);
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
}
