using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Invoicing;

/// <summary>The <c>Invoicing:UnstartedRefunds</c> section.</summary>
public sealed class UnstartedRefundSettings
{
    public const string Section = "Invoicing:UnstartedRefunds";

    /// <summary>How often stored refunds are checked for a workflow that was never started.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after it was asked for a refund is left to its request (and the request's retries) to start.</summary>
    public TimeSpan StartAfter { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Starting a refund's workflow, from its request or later from <see cref="UnstartedRefundStarter"/>.</summary>
public static class RefundWorkflowStart
{
    /// <summary>Idempotent: the refund's id makes the workflow's id, and Temporal refuses a second start of it.</summary>
    /// <returns>True when this call started the workflow; false when it was started before.</returns>
    public static async Task<bool> StartAsync(TemporalClientProvider temporal, RefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(temporal);
        ArgumentNullException.ThrowIfNull(request);
        var client = await temporal.GetClientAsync(cancellationToken);
        try
        {
            await client.StartWorkflowAsync(
                (RefundWorkflow workflow) => workflow.RunAsync(request),
                new WorkflowOptions(RefundWorkflow.WorkflowId(request.RefundId), BoundedContext.Invoicing.TaskQueue())
                {
                    IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
                    Rpc = new RpcOptions { CancellationToken = cancellationToken },
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
/// The refund request's outbox, drained: a process killed between storing a refund (<see cref="RefundStatus.Requested"/>)
/// and starting its workflow leaves it holding its amount, and a manager who does not send the request again would
/// leave it so for good. Every <see cref="UnstartedRefundSettings.CheckInterval"/> this starts the workflow of every
/// refund still requested <see cref="UnstartedRefundSettings.StartAfter"/> after it was asked for, from the stored
/// refund and its invoice; a workflow that runs (or ran) already refuses the start. The cost is one refused start per
/// check for each refund whose workflow is still at work (Golden Hat down, say).
/// </summary>
public sealed class UnstartedRefundStarter(
    IServiceScopeFactory scopes,
    TemporalClientProvider temporal,
    TimeProvider time,
    IOptions<UnstartedRefundSettings> settings,
    ILogger<UnstartedRefundStarter> logger) : WorkflowOutbox(time, logger)
{
    protected override TimeSpan CheckInterval => settings.Value.CheckInterval;

    protected override string Subjects => "refunds";

    protected override async Task StartUnstartedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
        var requestedBefore = Time.GetUtcNow() - settings.Value.StartAfter;
        var waiting = await db.Refunds.AsNoTracking()
            .Where(refund => refund.Status == RefundStatus.Requested && refund.RequestedAt <= requestedBefore)
            .Join(db.Invoices, refund => refund.InvoiceId, invoice => invoice.Id, (refund, invoice) => new { refund, invoice })
            .OrderBy(stored => stored.refund.RequestedAt)
            // The request as the refund endpoint made it: a refund is asked for only of a paid invoice, which has its charge.
            .Select(stored => new RefundRequest(
                stored.refund.Id, stored.invoice.Id, stored.invoice.Number, stored.invoice.OrderId, stored.invoice.ClientId, stored.invoice.ChargeId!,
                stored.refund.Currency, stored.refund.Amount, stored.refund.Reason, stored.refund.RequestedBy, stored.refund.RequestedAt))
            .ToListAsync(cancellationToken);
        foreach (var request in waiting)
        {
            // One refund that cannot start must not hold back the ones asked for after it.
            try
            {
                if (await RefundWorkflowStart.StartAsync(temporal, request, cancellationToken))
                {
                    Logger.LogWarning("Started the workflow of refund {RefundId}, stored {RequestedAt:u} but not started by its request", request.RefundId, request.RequestedAt);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                Logger.LogWarning(e, "Could not start the workflow of refund {RefundId}; trying again in {Interval}", request.RefundId, settings.Value.CheckInterval);
            }
        }
    }
}
