using System.Diagnostics;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Temporalio.Client;

namespace HelperPlatform.Host.Ordering;

/// <summary>Asks Management for a published service type; <see cref="ServiceTypeCatalogue"/> decides when.</summary>
public interface IServiceTypeLookups
{
    /// <returns>The version asked for (the latest when <see cref="ServiceTypeLookup.Version"/> is null), or null when there is none.</returns>
    /// <exception cref="Temporalio.Exceptions.TemporalException">Management could not be asked.</exception>
    /// <exception cref="TimeoutException">Temporal could not be reached within the lookup's budget to start it.</exception>
    Task<PublishedServiceType?> LookUpAsync(ServiceTypeLookup lookup);
}

/// <summary>
/// Runs <see cref="ServiceTypeLookupWorkflow"/>: Ordering never reads the management schema, so it asks Management's
/// worker. Waiting for a Temporal connection and the lookup itself share one <see cref="LookupTimeout"/>, but reaching
/// Temporal gets only <see cref="ReachTimeout"/>: a quote with Temporal down answers 503 at once instead of waiting out
/// the client's own retries (about 10 s).
/// </summary>
public sealed class TemporalServiceTypeLookups(TemporalClientProvider temporal) : IServiceTypeLookups
{
    /// <summary>Longer than the lookup's activity budget, so a slow Management worker ends as an error, not a hung request.</summary>
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How long connecting and starting the lookup may take: a loopback or in-cluster start takes milliseconds.</summary>
    private static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(2);

    public async Task<PublishedServiceType?> LookUpAsync(ServiceTypeLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var started = Stopwatch.GetTimestamp();
        if (temporal.Unreachable)
        {
            throw new TimeoutException($"Temporal is not connected: {temporal.Problem}");
        }

        var client = await temporal.GetClientAsync(CancellationToken.None).WaitAsync(ReachTimeout);
        var remaining = LookupTimeout - Stopwatch.GetElapsedTime(started);
        // One start attempt with a short deadline: an unreachable server fails it at once (a retry would wait ~10 s).
        var handle = await client.StartWorkflowAsync(
            (ServiceTypeLookupWorkflow workflow) => workflow.RunAsync(lookup),
            new WorkflowOptions(ServiceTypeLookupWorkflow.WorkflowId(lookup.Code, Guid.CreateVersion7()), BoundedContext.Ordering.TaskQueue())
            {
                ExecutionTimeout = remaining,
                Rpc = new RpcOptions { Retry = false, Timeout = ReachTimeout },
            });
        return await handle.GetResultAsync();
    }
}
