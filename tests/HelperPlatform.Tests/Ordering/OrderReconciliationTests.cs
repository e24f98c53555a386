using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Execution;
using HelperPlatform.Activities.Execution.Reports;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Activities.Warehouse;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Ordering;

/// <summary>
/// Orders whose workflow is lost (terminated by ops, or gone with a restarted in-memory dev server) are closed by
/// the reconciliation within its period: stock, bookings and offers freed, the order failed with the reason, managers told;
/// and the photo reports no order took are removed.
/// </summary>
public sealed class OrderReconciliationTests
{
    private const string QuickReconciliation = "Ordering:Reconciliation:Period=00:00:01";
    private const string NoGrace = "Ordering:Reconciliation:Grace=00:00:00";
    private const string NoPhotoReportGrace = "Execution:UnacceptedPhotoReports:Grace=00:00:00";

    [Fact]
    public async Task TerminatedOrderWorkflows_AreFailedWithEverythingTheyHeldFreed()
    {
        await using var host = await StartAsync();
        var flow = new OrderFlow(host);
        var booked = await BookedOrderAsync(flow);
        var (offered, offeredSku) = await OfferedOrderAsync(flow);

        var client = await host.Services.GetRequiredService<TemporalClientProvider>().GetClientAsync(CancellationToken.None);
        await client.GetWorkflowHandle(OrderWorkflow.WorkflowId(booked.OrderId)).TerminateAsync("lost by ops");
        await client.GetWorkflowHandle(OrderWorkflow.WorkflowId(offered)).TerminateAsync("lost by ops");

        await AssertFailedAndFreedAsync(flow, booked.OrderId, booked.Sku, "workflow terminated");
        await AssertFailedAndFreedAsync(flow, offered, offeredSku, "workflow terminated");
        var withdrawn = await flow.WithAsync<OrderingDbContext, List<OfferStatus>>(db => db.Offers.Where(offer => offer.OrderId == offered).Select(offer => offer.Status).ToListAsync());
        Assert.Equal([OfferStatus.Withdrawn], withdrawn);
        Assert.True(await flow.WithAsync<OrderingDbContext, bool>(db => db.WorkerBookings.AllAsync(booking => booking.OrderId != booked.OrderId || booking.ReleasedAt != null)));
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        using var cancel = await manager.Http.PostAsJsonAsync($"/api/orders/{booked.OrderId}/cancel", new { reason = "too late" });
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
    }

    [Fact]
    public async Task OrdersOfARestartedDevServer_AreFailedWithEverythingTheyHeldFreed()
    {
        await using var host = await StartAsync();
        var flow = new OrderFlow(host);
        var booked = await BookedOrderAsync(flow);

        await host.RestartTemporalAsync();

        await AssertFailedAndFreedAsync(flow, booked.OrderId, booked.Sku, "workflow not found");
        Assert.True(await flow.WithAsync<OrderingDbContext, bool>(db => db.WorkerBookings.AllAsync(booking => booking.OrderId != booked.OrderId || booking.ReleasedAt != null)));
    }

    [Fact]
    public async Task APhotoReportNoOrderTook_IsRemovedByTheReconciliation()
    {
        await using var host = await StartAsync();
        var flow = new OrderFlow(host);
        var reportId = Guid.NewGuid();
        // Stored for an order that has no workflow, as a host killed before offering it leaves it.
        await flow.WithAsync<ExecutionDbContext, int>(db =>
        {
            db.PhotoReports.Add(new PhotoReport { Id = reportId, OrderId = Guid.NewGuid(), WorkerId = "worker-5", Status = PhotoReportStatus.Submitted, SubmittedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });

        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (await flow.WithAsync<ExecutionDbContext, bool>(db => db.PhotoReports.AnyAsync(report => report.Id == reportId)))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The reconciliation never removed the photo report no order took.");
            await Task.Delay(100);
        }
    }

    private static async Task<PlatformHost> StartAsync()
    {
        var host = await PlatformHost.StartAsync(QuickReconciliation, NoGrace, NoPhotoReportGrace, "Contractor:EmbeddedDeliveryDelay=00:00:00.200");
        await host.WaitUntilReadyAsync();
        return host;
    }

    /// <summary>An order with its stock reserved and a worker booked: assembled, accepted, waiting for the hand-over.</summary>
    private static async Task<(Guid OrderId, string Sku)> BookedOrderAsync(OrderFlow flow)
    {
        var (client, order, sku) = await flow.OrderAsync(stock: 10);
        using var worker = await flow.JoinPoolAsync(sku);
        client.Dispose();
        await flow.AssembleAsync(order.Id);
        await flow.AcceptAsync(order.Id, worker);
        await flow.WaitForStatusAsync(order.Id, OrderStatus.AwaitingHandOver);
        Assert.True(await flow.OnHandAsync(sku) < 10);
        return (order.Id, sku);
    }

    /// <summary>An order with its stock reserved and an offer out to a worker who has not answered.</summary>
    private static async Task<(Guid OrderId, string Sku)> OfferedOrderAsync(OrderFlow flow)
    {
        var (client, order, sku) = await flow.OrderAsync(stock: 10);
        using var worker = await flow.JoinPoolAsync(sku);
        client.Dispose();
        await flow.AssembleAsync(order.Id);
        await OrderFlow.OfferForAsync(worker, order.Id);
        return (order.Id, sku);
    }

    private static async Task AssertFailedAndFreedAsync(OrderFlow flow, Guid orderId, string sku, string reason)
    {
        var detail = await flow.WaitForStatusAsync(orderId, OrderStatus.Failed);
        var failed = detail.Timeline[^1];
        Assert.Equal((OrderingEvents.OrderFailed, "platform"), (failed.Type, failed.Actor));
        Assert.Equal(reason, failed.Data!.Value.GetProperty("reason").GetString());
        Assert.Null(detail.Order.CurrentStep);
        Assert.Equal(10, await flow.OnHandAsync(sku));
        Assert.Equal(PickStage.Released, await flow.PickStageAsync(orderId));
        // The notification follows the order's record in the same pass.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (await flow.WithAsync<OnboardingDbContext, int>(db => db.Notifications.CountAsync(n => n.Reference == OrderingEvents.StreamId(orderId) && n.Recipient == OrderNotifications.Managers)) == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Managers were never told of order {orderId}.");
            await Task.Delay(50);
        }
    }
}
