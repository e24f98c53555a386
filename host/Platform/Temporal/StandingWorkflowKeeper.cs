using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace HelperPlatform.Host.Platform.Temporal;

/// <summary>
/// A workflow that runs for good under one fixed id (a periodic pass that continues as new): <paramref name="Start"/>
/// starts it on <paramref name="TaskQueue"/> with these options.
/// </summary>
/// <param name="CheckEvery">How often the host makes sure it runs, so one lost with the rest (an in-memory dev server restarted) starts again.</param>
public sealed record StandingWorkflow(string Id, string TaskQueue, Func<ITemporalClient, WorkflowOptions, Task> Start, Func<IServiceProvider, TimeSpan> CheckEvery);

/// <summary>
/// Starts every registered <see cref="StandingWorkflow"/> and starts it again each time its period has passed. A running
/// one is kept (the id conflict policy), so every process that runs the workflow's context may do this.
/// </summary>
public sealed class StandingWorkflowKeeper(
    IEnumerable<StandingWorkflow> workflows,
    IServiceProvider services,
    TemporalClientProvider temporal,
    TimeProvider time,
    ILogger<StandingWorkflowKeeper> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(workflows.Select(workflow => KeepAsync(workflow, stoppingToken)));

    private async Task KeepAsync(StandingWorkflow workflow, CancellationToken stoppingToken)
    {
        var period = workflow.CheckEvery(services);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var client = await temporal.GetClientAsync(stoppingToken);
                await workflow.Start(client, new WorkflowOptions(workflow.Id, workflow.TaskQueue)
                {
                    IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
                    IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate,
                });
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not start {Workflow}; trying again in {Period}", workflow.Id, period);
            }

            await Task.Delay(period, time, stoppingToken);
        }
    }
}

public static class StandingWorkflowRegistration
{
    /// <summary>Keeps <paramref name="workflow"/> running from this process (see <see cref="StandingWorkflowKeeper"/>).</summary>
    public static IServiceCollection AddStandingWorkflow(this IServiceCollection services, StandingWorkflow workflow)
    {
        services.AddSingleton(workflow);
        // Registered once however many workflows are added: AddHostedService skips an implementation it already has.
        services.AddHostedService<StandingWorkflowKeeper>();
        return services;
    }
}
