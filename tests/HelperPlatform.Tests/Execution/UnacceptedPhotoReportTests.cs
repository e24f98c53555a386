using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Activities.Execution;
using HelperPlatform.Activities.Execution.Reports;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Execution;

/// <summary>
/// Photo reports stored but never offered to their order (issue 17 D: the host killed, or Temporal failing, between the
/// upload and the order's update): the app's retry under the same <c>reportId</c> offers the stored report instead of
/// storing a second, and the sweep removes what no order took.
/// </summary>
public sealed class UnacceptedPhotoReportTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    private static readonly TimeSpan PastTheGrace = new UnacceptedPhotoReportSettings().Grace + TimeSpan.FromMinutes(1);

    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task PhotoReport_SentAgainUnderItsReportId_AfterTheHostDiedBeforeOfferingIt_IsTheReportStoredFirst()
    {
        var (orderId, worker) = await AwaitingPhotoReportAsync();
        var reportId = Guid.NewGuid();
        // The first attempt stored the report, then the host died before the order's update.
        await StoreAsync(reportId, orderId, worker.Id, DateTimeOffset.UtcNow, OrderFlow.Png, OrderFlow.Png);

        using var retry = await OrderFlow.SendPhotosAsync(worker, orderId, reportId, ("one.png", OrderFlow.Png), ("two.png", OrderFlow.Png));

        Assert.True(retry.StatusCode == HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        Assert.Equal(reportId, (await retry.Content.ReadFromJsonAsync<PhotoReportAccepted>())!.ReportId);
        await flow.WaitForStatusAsync(orderId, OrderStatus.Completed);
        Assert.Equal([(reportId, PhotoReportStatus.Accepted, 2)], await ReportsAsync(orderId));
    }

    [Fact]
    public async Task PhotoReport_UnderAReportIdOfOtherPhotos_OrNoUuid_Answers400NamingReportId_AndStoresNothing()
    {
        var (orderId, worker) = await AwaitingPhotoReportAsync();
        var otherReportId = Guid.NewGuid();
        await StoreAsync(otherReportId, Guid.NewGuid(), worker.Id, DateTimeOffset.UtcNow, OrderFlow.Png);

        using var taken = await OrderFlow.SendPhotosAsync(worker, orderId, otherReportId, ("one.png", OrderFlow.Png), ("two.png", OrderFlow.Png));
        using var empty = await OrderFlow.SendPhotosAsync(worker, orderId, Guid.Empty, ("one.png", OrderFlow.Png), ("two.png", OrderFlow.Png));

        foreach (var response in new[] { taken, empty })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("reportId", out _), problem.ToString());
        }

        Assert.Empty(await ReportsAsync(orderId));
        Assert.Equal(OrderStatus.AwaitingPhotoReport, (await flow.WaitForStatusAsync(orderId, OrderStatus.AwaitingPhotoReport)).Order.Status);
    }

    [Fact]
    public async Task Sweep_RemovesReportsNoOrderTookAfterTheGrace_AndKeepsTheOneItsOrderTook()
    {
        var (orderId, worker) = await AwaitingPhotoReportAsync();
        var old = DateTimeOffset.UtcNow - PastTheGrace;
        var neverOffered = await StoreAsync(Guid.NewGuid(), orderId, worker.Id, old, OrderFlow.Png);
        var recent = await StoreAsync(Guid.NewGuid(), orderId, worker.Id, DateTimeOffset.UtcNow, OrderFlow.Png);

        // The order runs and has no report yet: the old upload was never offered; the recent one may be on its way.
        Assert.Equal(1, await SweepAsync());
        Assert.Equal([recent], (await ReportsAsync(orderId)).Select(report => report.Id));

        using var sent = await OrderFlow.SendPhotosAsync(worker, orderId, ("one.png", OrderFlow.Png), ("two.png", OrderFlow.Png));
        var taken = (await sent.Content.ReadFromJsonAsync<PhotoReportAccepted>())!.ReportId;
        await flow.WaitForStatusAsync(orderId, OrderStatus.Completed);
        // As if the acceptance's write were still retrying long after: the order took it, so it stays.
        await flow.WithAsync<ExecutionDbContext, int>(db => db.PhotoReports.Where(report => report.Id == taken)
            .ExecuteUpdateAsync(report => report.SetProperty(r => r.Status, PhotoReportStatus.Submitted).SetProperty(r => r.SubmittedAt, old)));
        await flow.WithAsync<ExecutionDbContext, int>(db => db.PhotoReports.Where(report => report.Id == recent)
            .ExecuteUpdateAsync(report => report.SetProperty(r => r.SubmittedAt, old)));
        var ofAnUnknownOrder = await StoreAsync(Guid.NewGuid(), Guid.NewGuid(), worker.Id, old, OrderFlow.Png);

        Assert.Equal(2, await SweepAsync());
        Assert.Equal([taken], (await ReportsAsync(orderId)).Select(report => report.Id));
        Assert.Equal(0, await flow.WithAsync<ExecutionDbContext, int>(db => db.Photos.CountAsync(photo => photo.ReportId == neverOffered || photo.ReportId == ofAnUnknownOrder)));
    }

    private async Task<(Guid OrderId, Party Worker)> AwaitingPhotoReportAsync()
    {
        var (client, order, sku) = await flow.OrderAsync(samplingPercent: 0);
        client.Dispose();
        var worker = await flow.JoinPoolAsync(sku);
        await flow.BringToCheckInAsync(order.Id, worker);
        using var checkIn = await OrderFlow.CheckInAsync(worker, order.Id);
        Assert.True(checkIn.StatusCode == HttpStatusCode.OK, await checkIn.Content.ReadAsStringAsync());
        await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingPhotoReport);
        return (order.Id, worker);
    }

    /// <summary>A report as the endpoint stores it before offering it to the order.</summary>
    private Task<Guid> StoreAsync(Guid reportId, Guid orderId, string workerId, DateTimeOffset submittedAt, params byte[][] images) =>
        flow.WithAsync<ExecutionDbContext, Guid>(async db =>
        {
            db.PhotoReports.Add(new PhotoReport
            {
                Id = reportId,
                OrderId = orderId,
                WorkerId = workerId,
                Status = PhotoReportStatus.Submitted,
                SubmittedAt = submittedAt,
                Photos = [.. images.Select((image, position) => new Photo
                {
                    Id = Guid.NewGuid(),
                    ReportId = reportId,
                    Position = position,
                    ContentType = "image/png",
                    Content = image,
                    SizeBytes = image.Length,
                    Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(image)),
                })],
            });
            await db.SaveChangesAsync();
            return reportId;
        });

    private Task<List<(Guid Id, PhotoReportStatus Status, int Photos)>> ReportsAsync(Guid orderId) =>
        flow.WithAsync<ExecutionDbContext, List<(Guid, PhotoReportStatus, int)>>(async db =>
            (await db.PhotoReports.Where(report => report.OrderId == orderId).OrderBy(report => report.SubmittedAt)
                .Select(report => new { report.Id, report.Status, Photos = report.Photos.Count }).ToListAsync())
            .Select(report => (report.Id, report.Status, report.Photos)).ToList());

    private async Task<int> SweepAsync()
    {
        await using var scope = flow.Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<ExecutionActivities>();
        var client = await flow.Host.Services.GetRequiredService<TemporalClientProvider>().GetClientAsync(CancellationToken.None);
        return await new ActivityEnvironment { TemporalClient = client }.RunAsync(activities.DiscardUnacceptedPhotoReportsAsync);
    }
}
