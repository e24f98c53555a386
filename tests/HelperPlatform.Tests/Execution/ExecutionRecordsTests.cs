using HelperPlatform.Activities.Execution;
using HelperPlatform.Activities.Execution.Reports;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Execution;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Execution;

/// <summary>Execution's records of an order's check-in and photo report, as the order workflow writes them, with retries.</summary>
public sealed class ExecutionRecordsTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    private static readonly DateTimeOffset CheckedInAt = new(2031, 7, 8, 9, 30, 0, TimeSpan.FromHours(2));

    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task RecordCheckIn_Retried_StoresTheCheckInAndItsEventOnce()
    {
        var orderId = Guid.NewGuid();
        var record = new CheckInRecord(orderId, "worker-5", 52.5, 13.4, 12.5, Event(orderId, "CheckedInViaTheApp"));

        await RunAsync(activities => activities.RecordCheckInAsync(record));
        await RunAsync(activities => activities.RecordCheckInAsync(record));

        var checkIn = await flow.WithAsync<ExecutionDbContext, CheckIn>(db => db.CheckIns.AsNoTracking().SingleAsync(c => c.OrderId == orderId));
        Assert.Equal(("worker-5", 12.5, CheckedInAt), (checkIn.WorkerId, checkIn.DistanceMeters, checkIn.CheckedInAt));
        Assert.Equal(["CheckedInViaTheApp"], await JournalledAsync(orderId));
    }

    [Fact]
    public async Task AcceptPhotoReport_AcceptsOnlyThatOrdersReport_Once()
    {
        var orderId = Guid.NewGuid();
        var reportId = await SubmittedReportAsync(orderId);
        var otherReportId = await SubmittedReportAsync(Guid.NewGuid());
        var record = new PhotoReportRecord(orderId, reportId, Event(orderId, "PhotoReportSent"));

        await RunAsync(activities => activities.AcceptPhotoReportAsync(record));
        await RunAsync(activities => activities.AcceptPhotoReportAsync(record));
        await RunAsync(activities => activities.AcceptPhotoReportAsync(new PhotoReportRecord(orderId, otherReportId, Event(orderId, "PhotoReportSent"))));

        var statuses = await flow.WithAsync<ExecutionDbContext, Dictionary<Guid, (PhotoReportStatus, DateTimeOffset?)>>(db =>
            db.PhotoReports.Where(r => r.Id == reportId || r.Id == otherReportId).ToDictionaryAsync(r => r.Id, r => (r.Status, r.AcceptedAt)));
        Assert.Equal((PhotoReportStatus.Accepted, CheckedInAt), statuses[reportId]);
        Assert.Equal((PhotoReportStatus.Submitted, null), statuses[otherReportId]);
        Assert.Equal(["PhotoReportSent", "PhotoReportSent"], await JournalledAsync(orderId));
    }

    private static SeedEvent Event(Guid orderId, string type) => new(Guid.NewGuid(), $"order-{orderId}", type, "worker-5", CheckedInAt);

    private Task<Guid> SubmittedReportAsync(Guid orderId) =>
        flow.WithAsync<ExecutionDbContext, Guid>(async db =>
        {
            var report = new PhotoReport { Id = Guid.NewGuid(), OrderId = orderId, WorkerId = "worker-5", Status = PhotoReportStatus.Submitted, SubmittedAt = CheckedInAt.ToUniversalTime() };
            db.PhotoReports.Add(report);
            await db.SaveChangesAsync();
            return report.Id;
        });

    private async Task RunAsync(Func<ExecutionActivities, Task> record)
    {
        await using var scope = flow.Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<ExecutionActivities>();
        await new ActivityEnvironment().RunAsync(() => record(activities));
    }

    private Task<List<string>> JournalledAsync(Guid orderId) =>
        flow.WithAsync<ExecutionDbContext, List<string>>(db => db.Events.Where(e => e.StreamId == $"order-{orderId}").Select(e => e.Type).ToListAsync());
}
