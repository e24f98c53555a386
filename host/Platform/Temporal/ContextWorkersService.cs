using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.Options;
using Temporalio.Extensions.Hosting;
using Temporalio.Worker;

namespace HelperPlatform.Host.Platform.Temporal;

/// <summary>
/// Runs one Temporal worker per selected context on that context's task queue. A worker that stops with an
/// error (the cluster went away) is restarted with backoff; the registrations come from
/// Temporalio.Extensions.Hosting's named worker options.
/// </summary>
public sealed class ContextWorkersService(
    ContextSelection selection,
    TemporalClientProvider connection,
    ContextWorkerRegistry registry,
    IOptionsMonitor<TemporalWorkerServiceOptions> workerOptions,
    IOptions<TemporalSettings> settings,
    ILoggerFactory loggerFactory,
    ILogger<ContextWorkersService> logger) : BackgroundService
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Concurrent polls per task kind (workflow tasks, activity tasks) of each worker. Set, because since Temporalio
    /// 1.22 an unset count lets the Rust core choose, and it turns to poller autoscaling where the namespace asks for
    /// it: a cluster's choice, which the dev server neither makes nor steers. Five is what 1.21 sent; more (20/10,
    /// 15 workflow pollers) made the orders benchmark's p99 worse (docs/benchmarks.md).
    /// </summary>
    private const int PollsPerTaskKind = 5;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(selection.Contexts.Select(context => RunWorkerAsync(context, stoppingToken)));

    private async Task RunWorkerAsync(BoundedContext context, CancellationToken stoppingToken)
    {
        var taskQueue = context.TaskQueue();
        registry.Report(context, new WorkerState(taskQueue, Running: false, Problem: "Waiting for the Temporal connection."));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var client = await connection.GetClientAsync(stoppingToken);
                // Temporalio.Extensions.Hosting names a worker's options after its task queue when no build id is set.
                var options = (TemporalWorkerOptions)workerOptions.Get(taskQueue).Clone();
                options.TaskQueue = taskQueue;
                options.LoggerFactory ??= loggerFactory;
                options.DisableWorkflowTracingEventListener = settings.Value.DetectInvalidWorkflowCalls is not true;
                options.MaxConcurrentWorkflowTaskPolls = PollsPerTaskKind;
                options.MaxConcurrentActivityTaskPolls = PollsPerTaskKind;
                using var worker = new TemporalWorker(client, options);
                registry.Report(context, new WorkerState(taskQueue, Running: true, Problem: null));
                logger.LogInformation("Worker for {Context} polls task queue {TaskQueue}", context, taskQueue);
                await worker.ExecuteAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                registry.Report(context, new WorkerState(taskQueue, Running: false, Problem: e.Message));
                logger.LogError(e, "Worker for {Context} stopped; restarting in {Delay}", context, RestartDelay);
                await Task.Delay(RestartDelay, stoppingToken);
            }
        }
    }
}
