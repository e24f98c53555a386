using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Tests.Infrastructure;

namespace HelperPlatform.Tests.Identity;

public sealed class RateLimitTests
{
    [Fact]
    public async Task AnonymousEndpoint_OverTheBudget_Answers429WithRetryAfter()
    {
        await using var host = await PlatformHost.StartAsync("RateLimits:Anonymous:PermitsPerWindow=3", "RateLimits:Anonymous:Window=00:10:00");
        using var client = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            last?.Dispose();
            last = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@example.test", password = "irrelevant-password" });
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        last.Dispose();
    }
}
