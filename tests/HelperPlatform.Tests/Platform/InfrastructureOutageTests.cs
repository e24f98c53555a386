using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Execution;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Platform.Postgres;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HelperPlatform.Tests.Platform;

/// <summary>
/// With PostgreSQL or Temporal stopped, the host answers 503 with Retry-After, naming what is unavailable, never 500.
/// The host runs against its own PostgreSQL cluster and dev server, which the test stops.
/// </summary>
public sealed class InfrastructureOutageTests
{
    [Fact]
    public async Task WithPostgresAndTemporalStopped_ReadsLoginAndUpdates_Answer503NamingTheService()
    {
        var cluster = await LocalPostgresCluster.StartAsync();
        await using (var admin = new NpgsqlConnection(cluster.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE outage", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "outage" }.ConnectionString;
        await using var host = await PlatformHost.StartAsync($"ConnectionStrings:Platform={connectionString}");
        await host.WaitUntilReadyAsync();
        using var warehouse = await host.CreateClientAsync(PlatformRoles.Warehouse);
        using var anonymous = host.CreateClient();

        await cluster.DisposeAsync();
        await host.StopTemporalAsync();

        using var read = await warehouse.GetAsync("/api/warehouse/picks");
        using var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = $"{PlatformRoles.Warehouse}@staff.test", password = PlatformHost.StaffPassword });
        using var update = await warehouse.PostAsync($"/api/warehouse/picks/{Guid.NewGuid()}/issued", null);

        await AssertUnavailableAsync(read, "PostgreSQL");
        await AssertUnavailableAsync(login, "PostgreSQL");
        await AssertUnavailableAsync(update, "Temporal");
    }

    [Fact]
    public async Task WithTemporalStopped_APhotoReport_Answers503AndLeavesNoReportOrPhotoBehind()
    {
        await using var host = await PlatformHost.StartAsync();
        await host.WaitUntilReadyAsync();
        using var worker = await new OrderFlow(host).SignInAsync(PlatformRoles.Worker);
        var orderId = Guid.NewGuid();

        await host.StopTemporalAsync();
        using var report = await OrderFlow.SendPhotosAsync(worker, orderId, ("front.png", OrderFlow.Png), ("back.png", OrderFlow.Png));

        await AssertUnavailableAsync(report, "Temporal");
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExecutionDbContext>();
        Assert.Equal(0, await db.PhotoReports.CountAsync(stored => stored.OrderId == orderId));
        Assert.Equal(0, await db.Photos.CountAsync(photo => db.PhotoReports.Any(stored => stored.Id == photo.ReportId && stored.OrderId == orderId)));
    }

    [Fact]
    public async Task WithTemporalStopped_PlacingAnOrder_Answers503WithRetryAfterNamingTemporal()
    {
        await using var host = await PlatformHost.StartAsync();
        await host.WaitUntilReadyAsync();
        var flow = new OrderFlow(host);
        var sku = OrderFlow.UniqueSku();
        await flow.StockAsync(sku, 10);
        var code = await flow.PublishAsync(OrderFlow.Tree(sku, samplingPercent: 0));
        using var client = await flow.SignInAsync(PlatformRoles.Client);
        var quote = await OrderFlow.QuoteAsync(client.Http, code);

        await host.StopTemporalAsync();
        using var placement = await client.Http.PostAsJsonAsync("/api/orders", new { quoteId = quote.Id });

        await AssertUnavailableAsync(placement, "Temporal");
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response, string service)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode} {body}");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains(service, problem!.Title, StringComparison.Ordinal);
    }
}
