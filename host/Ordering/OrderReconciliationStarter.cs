using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace HelperPlatform.Host.Ordering;

/// <summary>
/// Starts <see cref="OrderReconciliationWorkflow"/> under its fixed id, and again every
/// <see cref="ReconciliationSettings.Period"/>: a running one is kept (so every Ordering process may do this), and
/// one lost with the rest (an in-memory dev server restarted) starts again.
/// </summary>
public sealed class OrderReconciliationStarter(
    TemporalClientProvider temporal,
    TimeProvider time,
    IOptions<ReconciliationSettings> settings,
    ILogger<OrderReconciliationStarter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var client = await temporal.GetClientAsync(stoppingToken);
                await client.StartWorkflowAsync(
                    (OrderReconciliationWorkflow workflow) => workflow.RunAsync(),
                    new WorkflowOptions(OrderReconciliationWorkflow.Id, BoundedContext.Ordering.TaskQueue())
                    {
                        IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
                        IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate,
                    });
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not start the order reconciliation; trying again in {Period}", settings.Value.Period);
            }

            await Task.Delay(settings.Value.Period, time, stoppingToken);
        }
    }
}
