namespace HelperPlatform.Host.Platform.Temporal;

/// <summary>
/// Drains a context's outbox of stored records whose workflow the request that stored them could not start (a
/// process killed in between, Temporal out of reach): every <see cref="CheckInterval"/> it runs
/// <see cref="StartUnstartedAsync"/>, which starts what is due; starts are idempotent by workflow id, so every process
/// that runs the context may do this. A failed check is logged and tried again at the next.
/// </summary>
public abstract class WorkflowOutbox(TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    protected ILogger Logger { get; } = logger;

    protected abstract TimeSpan CheckInterval { get; }

    /// <summary>What the outbox holds, for the log: e.g. <c>orders</c>.</summary>
    protected abstract string Subjects { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(CheckInterval, Time, stoppingToken);
            try
            {
                await StartUnstartedAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Logger.LogWarning(e, "Could not look for unstarted {Subjects}; trying again in {Interval}", Subjects, CheckInterval);
            }
        }
    }

    /// <summary>Starts the workflow of every record due; one that cannot start must not hold back the others.</summary>
    protected abstract Task StartUnstartedAsync(CancellationToken cancellationToken);
}
