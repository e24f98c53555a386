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
    /// <exception cref="TimeoutException">There has been no connection to Temporal for the lookup's whole budget.</exception>
    Task<PublishedServiceType?> LookUpAsync(ServiceTypeLookup lookup);
}

/// <summary>
/// Runs <see cref="ServiceTypeLookupWorkflow"/>: Ordering never reads the management schema, so it asks Management's
/// worker. Waiting for a Temporal connection and the lookup itself share one <see cref="LookupTimeout"/>.
/// </summary>
public sealed class TemporalServiceTypeLookups(TemporalClientProvider temporal) : IServiceTypeLookups
{
    /// <summary>Longer than the lookup's activity budget, so a slow Management worker ends as an error, not a hung request.</summary>
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(20);

    public async Task<PublishedServiceType?> LookUpAsync(ServiceTypeLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var started = Stopwatch.GetTimestamp();
        var client = await temporal.GetClientAsync(CancellationToken.None).WaitAsync(LookupTimeout);
        var remaining = LookupTimeout - Stopwatch.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            throw new TimeoutException($"Temporal answered only after the service type lookup's {LookupTimeout.TotalSeconds:0} s.");
        }

        return await client.ExecuteWorkflowAsync(
            (ServiceTypeLookupWorkflow workflow) => workflow.RunAsync(lookup),
            new WorkflowOptions(ServiceTypeLookupWorkflow.WorkflowId(lookup.Code, Guid.CreateVersion7()), BoundedContext.Ordering.TaskQueue()) { ExecutionTimeout = remaining });
    }
}
