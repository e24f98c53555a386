using System.Net;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Tests.Infrastructure;

namespace HelperPlatform.Tests.Platform;

/// <summary>A query value that does not convert to its parameter's type is a 400 naming the parameter (and, for an enum, its words).</summary>
public sealed class QueryBindingTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    private const string OrderStatuses =
        "Requested, Picking, Matching, Escalated, AwaitingHandOver, AwaitingCheckIn, AwaitingPhotoReport, QualityReview, Waiting, Completed, Cancelled, Failed.";

    [Theory]
    [InlineData("/api/orders?limit=many", "limit", "'many' is not a valid value of 'limit'.")]
    [InlineData("/api/orders?status=Lost", "status", "'Lost' is not a valid value of 'status'; use one of: " + OrderStatuses)]
    [InlineData("/api/orders/3f2b6c1e-0000-4000-8000-000000000001?waitForStatus=Arrived", "waitForStatus", "'Arrived' is not a valid value of 'waitForStatus'; use one of: " + OrderStatuses)]
    [InlineData("/api/orders/3f2b6c1e-0000-4000-8000-000000000001?waitForStatus=Matching&waitSeconds=soon", "waitSeconds", "'soon' is not a valid value of 'waitSeconds'.")]
    [InlineData("/api/offers?orderId=not-an-id", "orderId", "'not-an-id' is not a valid value of 'orderId'.")]
    public async Task List_WithAnUnreadableQueryValue_Answers400NamingTheParameter(string path, string field, string message)
    {
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);

        using var response = await manager.GetAsync(path);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([message], problem.RootElement.GetProperty("errors").GetProperty(field).EnumerateArray().Select(error => error.GetString()));
    }
}
