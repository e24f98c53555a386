using HelperPlatform.Activities.Ordering;
using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Ordering;

/// <summary>The <c>Ordering:UnstartedOrders</c> section.</summary>
public sealed class UnstartedOrderSettings
{
    public const string Section = "Ordering:UnstartedOrders";

    /// <summary>How often stored orders are checked for a workflow that was never started.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after its placement an order is left to the placing request (and its retries) to start.</summary>
    public TimeSpan StartAfter { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Starting an order's workflow, from its placement or later from <see cref="UnstartedOrderStarter"/>.</summary>
public static class OrderWorkflowStart
{
    /// <summary>
    /// Idempotent: the order id is the workflow id and a duplicate is refused by Temporal; an order that no longer
    /// <see cref="Order.AwaitsItsWorkflow"/> (a concurrent placement's, found after it) is never started again. The
    /// workflow gets the pinned service type version itself (immutable) and the start the placement stored.
    /// </summary>
    /// <returns>True when this call started the workflow; false when it was started before.</returns>
    public static async Task<bool> StartAsync(Order order, PublishedServiceType serviceType, TemporalClientProvider temporal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(temporal);
        if (!order.AwaitsItsWorkflow)
        {
            return false;
        }

        var client = await temporal.GetClientAsync(cancellationToken);
        var input = order.ToWorkflowInput();
        try
        {
            await client.StartWorkflowAsync(
                (OrderWorkflow workflow) => workflow.RunAsync(input, serviceType),
                new WorkflowOptions(OrderWorkflow.WorkflowId(order.Id), BoundedContext.Ordering.TaskQueue())
                {
                    IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
                });
            return true;
        }
        catch (WorkflowAlreadyStartedException)
        {
            return false;
        }
    }
}

/// <summary>
/// The placement's outbox, drained: a placement that stored its order but could not start the workflow
/// (Temporal down: the client got 503) leaves the order waiting, and a client that does not send the request
/// again would leave it so for good. Every <see cref="UnstartedOrderSettings.CheckInterval"/> this starts the
/// workflow of every order still where its placement stored it after <see cref="UnstartedOrderSettings.StartAfter"/>;
/// a workflow that runs already refuses the start. Such an order is tried again at the next check, not remembered as
/// started: its workflow may be lost meanwhile (an in-memory dev server restarted), and the reconciliation leaves an
/// order that has recorded nothing to this starter. The cost is one refused start per check while its workflow's
/// first step (which writes nothing) runs.
/// </summary>
public sealed class UnstartedOrderStarter(
    IServiceScopeFactory scopes,
    ServiceTypeCatalogue catalogue,
    TemporalClientProvider temporal,
    TimeProvider time,
    IOptions<UnstartedOrderSettings> settings,
    ILogger<UnstartedOrderStarter> logger) : WorkflowOutbox(time, logger)
{
    protected override TimeSpan CheckInterval => settings.Value.CheckInterval;

    protected override string Subjects => "orders";

    protected override async Task StartUnstartedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var placedBefore = Time.GetUtcNow() - settings.Value.StartAfter;
        var waiting = await db.Orders.AsNoTracking()
            .Where(Order.AwaitingItsWorkflow)
            .Where(order => order.PlacedAt <= placedBefore)
            .OrderBy(order => order.PlacedAt)
            .ToListAsync(cancellationToken);
        foreach (var order in waiting)
        {
            // One order that cannot start (its version gone, a failed call) must not hold back the ones placed after it.
            try
            {
                await StartAsync(order, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                Logger.LogWarning(e, "Could not start the workflow of order {OrderId}; trying again in {Interval}", order.Id, settings.Value.CheckInterval);
            }
        }
    }

    private async Task StartAsync(Order order, CancellationToken cancellationToken)
    {
        var serviceType = await catalogue.VersionAsync(order.ServiceTypeCode, order.ServiceTypeVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Order '{order.Id}' pins service type '{order.ServiceTypeCode}' version {order.ServiceTypeVersion}, which Management does not have.");
        if (await OrderWorkflowStart.StartAsync(order, serviceType, temporal, cancellationToken))
        {
            Logger.LogWarning("Started the workflow of order {OrderId}, stored {PlacedAt:u} but not started by its placement", order.Id, order.PlacedAt);
        }
    }
}
