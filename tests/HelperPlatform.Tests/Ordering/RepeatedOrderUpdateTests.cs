using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Execution;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Workflows.Execution;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Tests.Ordering;

/// <summary>
/// An order update sent again after it succeeded (a client retrying a request whose answer it lost) gets the first
/// answer, same status and body, whether the workflow still runs or has closed since, and journals nothing more.
/// Each failed before with 409 (the workflow refused the repeat) or 404 (it had closed).
/// </summary>
public sealed class RepeatedOrderUpdateTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task AssigningTheSameWorkerAgain_AnswersNoContentAgain_AndAnotherWorkerIsRefused()
    {
        var (client, order, sku) = await flow.OrderAsync();
        client.Dispose();
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        await flow.AssembleAsync(order.Id);
        using (flow.Host.Temporal.AutoSkipTime())
        {
            await flow.WaitForStatusAsync(order.Id, OrderStatus.Escalated);
        }

        using var worker = await flow.JoinPoolAsync(sku);
        using var other = await flow.JoinPoolAsync(sku);
        using var first = await manager.Http.PostAsJsonAsync($"/api/orders/{order.Id}/assignment", new { workerId = worker.Id });
        using var repeat = await manager.Http.PostAsJsonAsync($"/api/orders/{order.Id}/assignment", new { workerId = worker.Id });
        using var another = await manager.Http.PostAsJsonAsync($"/api/orders/{order.Id}/assignment", new { workerId = other.Id });
        var detail = await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingHandOver);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (first.StatusCode, repeat.StatusCode));
        Assert.Equal(HttpStatusCode.Conflict, another.StatusCode);
        Assert.Equal(worker.Id, detail.Order.WorkerId);
        Assert.Single(detail.Timeline, entry => entry.Type == OrderingEvents.WorkerAssigned);
    }

    [Fact]
    public async Task AcceptingAnOfferAgain_AnswersTheSame()
    {
        var (client, order, sku) = await flow.OrderAsync();
        client.Dispose();
        using var worker = await flow.JoinPoolAsync(sku);
        await flow.AssembleAsync(order.Id);
        var offer = await OrderFlow.OfferForAsync(worker, order.Id);

        using var first = await OrderFlow.AnswerAsync(worker, offer.Id, accept: true);
        using var repeat = await OrderFlow.AnswerAsync(worker, offer.Id, accept: true);
        using var decline = await OrderFlow.AnswerAsync(worker, offer.Id, accept: false);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, repeat.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, decline.StatusCode);
    }

    [Fact]
    public async Task CheckingInAgain_AndSendingThePhotosAgainAfterTheOrderClosed_AnswerTheSame_AndKeepOneReport()
    {
        var (client, order, sku) = await flow.OrderAsync(samplingPercent: 0);
        client.Dispose();
        using var worker = await flow.JoinPoolAsync(sku);
        await flow.BringToCheckInAsync(order.Id, worker);

        using var checkIn = await OrderFlow.CheckInAsync(worker, order.Id);
        using var checkInAgain = await OrderFlow.CheckInAsync(worker, order.Id);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingPhotoReport);
        using var photos = await OrderFlow.SendPhotosAsync(worker, order.Id, ("one.png", OrderFlow.Png), ("two.png", OrderFlow.Png));
        // Without a review the photo report ends the flow: the repeat finds the workflow closed.
        var detail = await flow.WaitForStatusAsync(order.Id, OrderStatus.Completed);
        using var photosAgain = await OrderFlow.SendPhotosAsync(worker, order.Id, ("one.png", OrderFlow.Png), ("two.png", OrderFlow.Png));

        await AssertSameAnswerAsync(checkIn, checkInAgain);
        await AssertSameAnswerAsync(photos, photosAgain);
        Assert.Single(detail.Timeline, entry => entry.Type == ExecutionEvents.CheckedInViaApp);
        Assert.Single(detail.Timeline, entry => entry.Type == ExecutionEvents.PhotoReportSent);
        var report = (await photos.Content.ReadFromJsonAsync<PhotoReportAccepted>())!;
        Assert.Equal([report.ReportId], await flow.WithAsync<ExecutionDbContext, List<Guid>>(db => db.PhotoReports.Where(stored => stored.OrderId == order.Id).Select(stored => stored.Id).ToListAsync()));
        Assert.Equal(2, await flow.WithAsync<ExecutionDbContext, int>(db => db.Photos.CountAsync(photo => db.PhotoReports.Any(stored => stored.Id == photo.ReportId && stored.OrderId == order.Id))));
    }

    [Fact]
    public async Task RecordingTheSameVerdictAgain_AnswersNoContentAgain_AndJournalsOneCheck()
    {
        var (client, order, sku) = await flow.OrderAsync(samplingPercent: 100);
        client.Dispose();
        using var worker = await flow.JoinPoolAsync(sku);
        await flow.BringToCheckInAsync(order.Id, worker);
        await flow.CheckInAndReportAsync(order.Id, worker);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.QualityReview);
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);

        using var verdict = await OrderFlow.RecordVerdictAsync(manager, order.Id, passed: true);
        using var again = await OrderFlow.RecordVerdictAsync(manager, order.Id, passed: true);
        var detail = await flow.WaitForStatusAsync(order.Id, OrderStatus.Completed);
        using var afterClose = await OrderFlow.RecordVerdictAsync(manager, order.Id, passed: true);

        Assert.Equal(
            (HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent),
            (verdict.StatusCode, again.StatusCode, afterClose.StatusCode));
        Assert.Single(detail.Timeline, entry => entry.Type == ManagementEvents.QualityChecked);
    }

    private static async Task AssertSameAnswerAsync(HttpResponseMessage first, HttpResponseMessage repeat)
    {
        var (firstBody, repeatBody) = (await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.True(first.StatusCode == HttpStatusCode.OK, firstBody);
        Assert.True(repeat.StatusCode == HttpStatusCode.OK, repeatBody);
        Assert.Equal(firstBody, repeatBody);
    }
}
