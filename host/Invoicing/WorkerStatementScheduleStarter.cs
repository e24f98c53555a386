using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using Temporalio.Api.Enums.V1;
using Microsoft.Extensions.Options;
using Temporalio.Client;

namespace HelperPlatform.Host.Invoicing;

/// <summary>
/// Starts <see cref="WorkerStatementScheduleWorkflow"/> under its fixed id, and again every hour: a running one is
/// kept (so every Invoicing process may do this), and one lost with the rest (an in-memory dev server restarted)
/// starts again. Nothing is started where <see cref="InvoicingSettings.StatementsOnSchedule"/> is off.
/// </summary>
public sealed class WorkerStatementScheduleStarter(
    TemporalClientProvider temporal, TimeProvider time, IOptions<InvoicingSettings> settings, ILogger<WorkerStatementScheduleStarter> logger) : BackgroundService
{
    private static readonly TimeSpan Recheck = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Value.StatementsOnSchedule)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var client = await temporal.GetClientAsync(stoppingToken);
                await client.StartWorkflowAsync(
                    (WorkerStatementScheduleWorkflow workflow) => workflow.RunAsync(null),
                    new WorkflowOptions(WorkerStatementScheduleWorkflow.Id, BoundedContext.Invoicing.TaskQueue())
                    {
                        IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
                        IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate,
                    });
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not start the workers' statements schedule; trying again in {Recheck}", Recheck);
            }

            await Task.Delay(Recheck, time, stoppingToken);
        }
    }
}
